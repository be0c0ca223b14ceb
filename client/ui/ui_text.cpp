#include "client/ui/ui_text.h"

#include <QCoreApplication>

namespace bianmin::ui {

namespace {
QString t(const char* text) {
    return QCoreApplication::translate("bianmin::ui", text);
}
} // namespace

QString statusText(domain::CaseStatus s) {
    using S = domain::CaseStatus;
    switch (s) {
    case S::None:
        return t("未建立");
    case S::Draft:
        return t("草稿");
    case S::Received:
        return t("收件");
    case S::PreAccepted:
        return t("预受理");
    case S::PreAcceptReturned:
        return t("预受理退回");
    case S::Accepted:
        return t("受理");
    case S::AwaitingMaterials:
        return t("补齐补正");
    case S::Refused:
        return t("不予受理");
    case S::InProgress:
        return t("在办");
    case S::Suspended:
        return t("挂起");
    case S::Completed:
        return t("办结");
    case S::ForwardedCompleted:
        return t("转报办结");
    case S::Voided:
        return t("作废办结");
    case S::Returned:
        return t("退件");
    case S::Withdrawn:
        return t("撤销申请");
    }
    return {};
}

QString lightText(domain::Light l) {
    switch (l) {
    case domain::Light::Normal:
        return t("正常");
    case domain::Light::Warning:
        return t("预警");
    case domain::Light::Yellow:
        return t("黄牌");
    case domain::Light::Red:
        return t("红牌");
    case domain::Light::Severe:
        return t("严重超期");
    }
    return {};
}

QString eventTypeText(std::string_view k) {
    struct Name {
        std::string_view key;
        const char* text;
    };
    static constexpr Name kNames[] = {
        {"draft", QT_TRANSLATE_NOOP("bianmin::ui", "草稿")},
        {"receive", QT_TRANSLATE_NOOP("bianmin::ui", "收件")},
        {"notify_missing", QT_TRANSLATE_NOOP("bianmin::ui", "一次性告知")},
        {"supplement", QT_TRANSLATE_NOOP("bianmin::ui", "补齐补正")},
        {"pre_accept", QT_TRANSLATE_NOOP("bianmin::ui", "预受理")},
        {"return_pre_accept", QT_TRANSLATE_NOOP("bianmin::ui", "预受理退回")},
        {"accept", QT_TRANSLATE_NOOP("bianmin::ui", "受理")},
        {"refuse", QT_TRANSLATE_NOOP("bianmin::ui", "不予受理")},
        {"forward", QT_TRANSLATE_NOOP("bianmin::ui", "转报")},
        {"take_in", QT_TRANSLATE_NOOP("bianmin::ui", "上级收件")},
        {"step", QT_TRANSLATE_NOOP("bianmin::ui", "审批环节")},
        {"suspend", QT_TRANSLATE_NOOP("bianmin::ui", "特别程序开始")},
        {"resume", QT_TRANSLATE_NOOP("bianmin::ui", "特别程序结束")},
        {"complete", QT_TRANSLATE_NOOP("bianmin::ui", "办结")},
        {"reply", QT_TRANSLATE_NOOP("bianmin::ui", "反馈")},
        {"deliver", QT_TRANSLATE_NOOP("bianmin::ui", "送达")},
        {"evaluate", QT_TRANSLATE_NOOP("bianmin::ui", "评价")},
        {"rectify", QT_TRANSLATE_NOOP("bianmin::ui", "差评整改")},
        {"archive", QT_TRANSLATE_NOOP("bianmin::ui", "归档")},
        {"void", QT_TRANSLATE_NOOP("bianmin::ui", "作废")},
        {"return_case", QT_TRANSLATE_NOOP("bianmin::ui", "退件")},
        {"withdraw", QT_TRANSLATE_NOOP("bianmin::ui", "撤销申请")},
        {"report_up", QT_TRANSLATE_NOOP("bianmin::ui", "转报办结")},
        {"fee_notice", QT_TRANSLATE_NOOP("bianmin::ui", "缴费通知")},
        {"fee_paid", QT_TRANSLATE_NOOP("bianmin::ui", "缴费确认")},
        {"custody", QT_TRANSLATE_NOOP("bianmin::ui", "材料交接")},
        {"bind_number", QT_TRANSLATE_NOOP("bianmin::ui", "绑定正式编号")},
        {"resolve_conflict", QT_TRANSLATE_NOOP("bianmin::ui", "冲突处理")},
    };
    for (const auto& n : kNames)
        if (n.key == k)
            return t(n.text);
    return QString::fromUtf8(k.data(), static_cast<qsizetype>(k.size()));
}

QString roleText(domain::Role r) {
    using R = domain::Role;
    switch (r) {
    case R::Clerk:
        return t("窗口人员");
    case R::VillageAgent:
        return t("村代办员");
    case R::HallDirector:
        return t("大厅主任");
    case R::DepartmentStaff:
        return t("部门人员");
    case R::Supervisor:
        return t("监察人员");
    case R::Admin:
        return t("管理员");
    case R::System:
        return t("系统");
    }
    return {};
}

QString outcomeText(domain::Outcome o) {
    switch (o) {
    case domain::Outcome::Certificate:
        return t("出证");
    case domain::Outcome::Document:
        return t("出文");
    case domain::Outcome::Approved:
        return t("审批通过");
    case domain::Outcome::Denied:
        return t("不予许可");
    }
    return {};
}

QString deliveryText(domain::DeliveryMethod m) {
    switch (m) {
    case domain::DeliveryMethod::WindowPickup:
        return t("窗口领取");
    case domain::DeliveryMethod::Post:
        return t("邮寄送达");
    case domain::DeliveryMethod::AgentReturn:
        return t("代办员送回");
    }
    return {};
}

QString evaluationText(int level) {
    switch (level) {
    case 1:
        return t("非常满意");
    case 2:
        return t("满意");
    case 3:
        return t("基本满意");
    case 4:
        return t("不满意");
    case 5:
        return t("非常不满意");
    default:
        return {};
    }
}

QString errorText(const domain::Error& e) {
    return QString::fromStdString(e.message) + QStringLiteral("（") +
           QString::fromStdString(e.code) + QStringLiteral("）");
}

} // namespace bianmin::ui
