#include "client/ui/catalog/offered_items.h"

#include "common/domain/pinyin.h"

#include <algorithm>

namespace bianmin::ui {

std::vector<OfferedItem> offeredItems(const refdata::ReferenceData& ref, const domain::Site& site,
                                      domain::Date today) {
    const domain::Level level = domain::levelOf(site.kind);
    std::vector<OfferedItem> out;
    for (const domain::Item* latest : ref.catalog.latestItems()) {
        // A version that takes effect later does not count yet; an item none of whose versions is
        // in force is not offered at all.
        const domain::Item* item = ref.catalog.inForce(latest->id, today);
        if (!item || item->status == domain::ItemStatus::Cancelled || !item->offeredAt(site))
            continue;
        OfferedItem o;
        o.item = item;
        o.window = domain::caseWindow(*item, site.kind, ref.org);
        o.mode = item->modeAt(level);
        o.initials = domain::pinyinInitials(item->displayName());
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<std::string> windowOrder(const refdata::ReferenceData& ref, const domain::Site& site,
                                     const std::vector<OfferedItem>& items) {
    std::vector<std::string> order = ref.org.windows(site.kind);
    for (const auto& o : items)
        if (std::find(order.begin(), order.end(), o.window) == order.end())
            order.push_back(o.window);
    return order;
}

} // namespace bianmin::ui
