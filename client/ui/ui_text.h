#pragma once
// Translatable names of the domain's codes for the screens. The domain speaks Chinese in its own
// messages; the UI's words go through Qt Linguist (context "bianmin::ui") so English works too.
#ifndef Q_MOC_RUN
#include "common/domain/case_fold.h"
#include "common/domain/deadlines.h"
#endif

#include <QString>
#include <string_view>

namespace bianmin::ui {

QString statusText(domain::CaseStatus s);
QString lightText(domain::Light l);
QString eventTypeText(std::string_view typeKey);
QString roleText(domain::Role r);
QString outcomeText(domain::Outcome o);
QString deliveryText(domain::DeliveryMethod m);
QString evaluationText(int level); // 1 非常满意 … 5 非常不满意
// A domain error for a person: its message (already Chinese), with the code for support staff.
QString errorText(const domain::Error& e);

} // namespace bianmin::ui
