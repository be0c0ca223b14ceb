#pragma once
// Which items of the catalog a site offers, as the catalog widgets show them: the version in force
// today of every item exercised at the site's level (a hall: township level 5, a room: village
// level 6, the center: level 4), with the window that takes it at that site and its pinyin
// initials. Cancelled items are left out; suspended ones stay, marked not offerable, so that a
// clerk who looks for one learns that it is suspended rather than finding nothing.
//
// Plain functions over the immutable ReferenceData: no Qt, no SQL; safe on any thread.
#include "common/refdata/reference_files.h"

#include <optional>
#include <string>
#include <vector>

namespace bianmin::ui {

struct OfferedItem {
    const domain::Item* item = nullptr;       // points into the ReferenceData's catalog
    std::string window;                       // the window at this site
    std::optional<domain::HandlingMode> mode; // the handling mode at this site's level
    std::string initials;                     // pinyinInitials(displayName())
    // Active: new cases may be accepted. A suspended item is listed but not offerable.
    bool offerable() const { return item->status == domain::ItemStatus::Active; }
};

// The items `site` offers on `today`, in catalog (id) order.
std::vector<OfferedItem> offeredItems(const refdata::ReferenceData& ref, const domain::Site& site,
                                      domain::Date today);

// The site's windows in the organisation's order, followed by any other window an offered item
// names (a catalog that names a window the site's set lacks still shows the item).
std::vector<std::string> windowOrder(const refdata::ReferenceData& ref, const domain::Site& site,
                                     const std::vector<OfferedItem>& items);

} // namespace bianmin::ui
