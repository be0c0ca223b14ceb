#pragma once
// The painting routine of each notice over a PageFlow (internal to the library; notices.cpp runs
// it once to count pages and once to draw). Threading: as PageFlow.
#include "client/print/notices.h"
#include "client/print/page_flow.h"

namespace bianmin::print::detail {

void paintContent(PageFlow& flow, const Notice& notice);

} // namespace bianmin::print::detail
