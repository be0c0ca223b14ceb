#include "common/domain/catalog.h"

#include "common/domain/json_read.h"

#include <algorithm>
#include <set>
#include <span>

namespace bianmin::domain {

namespace json = boost::json;

namespace {

struct ModeInfo {
    HandlingMode mode;
    std::string_view key;
    const char* name;
    Level level;
    Level completing;
};
constexpr ModeInfo kModes[] = {
    {HandlingMode::VillageComplete, "village_complete", "村级直接办结", Level::Village,
     Level::Village},
    {HandlingMode::VillageAcceptTownshipComplete, "village_accept_township_complete",
     "村级受理-乡级办结", Level::Village, Level::Township},
    {HandlingMode::VillageAcceptCenter, "village_accept_center", "村级受理-转中心", Level::Village,
     Level::City},
    {HandlingMode::TownshipComplete, "township_complete", "乡级直接办结", Level::Township,
     Level::Township},
    {HandlingMode::TownshipAcceptCenter, "township_accept_center", "乡级受理-转中心",
     Level::Township, Level::City},
    {HandlingMode::CenterComplete, "center_complete", "市级直接办结", Level::City, Level::City},
};

const ModeInfo& modeInfo(HandlingMode m) {
    for (const auto& i : kModes)
        if (i.mode == m)
            return i;
    return kModes[0];
}

constexpr std::string_view kItemTypes[] = {"01", "02", "03", "04", "05", "06",
                                           "07", "08", "09", "10", "20"};
constexpr std::string_view kServiceObjects[] = {"1", "2", "3", "4", "5", "6"};

bool isOneOf(std::string_view v, std::span<const std::string_view> set) {
    return std::find(set.begin(), set.end(), v) != set.end();
}

} // namespace

std::string caseWindow(const Item& item, SiteKind siteKind, const Org& org) {
    return siteKind == SiteKind::Hall ? item.window : org.windowFor(item.department, siteKind);
}

std::string_view itemStatusKey(ItemStatus s) {
    switch (s) {
    case ItemStatus::Active:
        return "active";
    case ItemStatus::Suspended:
        return "suspended";
    case ItemStatus::Cancelled:
        return "cancelled";
    }
    return {};
}

std::string_view handlingModeKey(HandlingMode m) {
    return modeInfo(m).key;
}
std::string handlingModeName(HandlingMode m) {
    return modeInfo(m).name;
}
Level handlingModeLevel(HandlingMode m) {
    return modeInfo(m).level;
}
Level completingLevel(HandlingMode m) {
    return modeInfo(m).completing;
}

std::optional<HandlingMode> handlingModeFromKey(std::string_view key) {
    for (const auto& i : kModes)
        if (i.key == key)
            return i.mode;
    return std::nullopt;
}

std::string stepName(StepCode s) {
    switch (s) {
    case StepCode::Handle:
        return "承办";
    case StepCode::Review:
        return "审核";
    case StepCode::Approve:
        return "批准";
    }
    return {};
}

std::int64_t Fee::totalFen() const {
    std::int64_t t = 0;
    for (const auto& i : items)
        t += i.amountFen;
    return t;
}

bool Item::offeredAt(Level level) const {
    return std::find(levels.begin(), levels.end(), level) != levels.end();
}

bool Item::offeredAt(const Site& site) const {
    return offeredAt(levelOf(site.kind)) &&
           std::find(notOfferedAt.begin(), notOfferedAt.end(), site.id) == notOfferedAt.end();
}

std::optional<HandlingMode> Item::modeAt(Level level) const {
    const auto it = handling.find(level);
    return it == handling.end() ? std::nullopt : std::optional(it->second);
}

const Material* Item::material(std::string_view n) const {
    for (const auto& m : materials)
        if (m.name == n)
            return &m;
    return nullptr;
}

int Item::stepLimit(StepCode s) const {
    for (const auto& st : steps)
        if (st.step == s)
            return st.limitDays;
    return 0;
}

std::string Item::displayName() const {
    return variant.empty() ? name : name + "（" + variant + "）";
}

Status validateItem(const Item& it, const Org& org, const std::string& where) {
    auto bad = [&](std::string_view field, const std::string& msg) -> Status {
        return invalidInput("bad_field", where + ": field '" + std::string(field) + "': " + msg);
    };
    if (it.id.empty())
        return bad("id", "must not be empty");
    if (it.version < 1)
        return bad("version", "must be 1 or more");
    if (!isOneOf(it.itemType, kItemTypes))
        return bad("itemType", "'" + it.itemType + "' is not a 事项类型 code (01-10, 20)");
    for (const auto& so : it.serviceObjects)
        if (!isOneOf(so, kServiceObjects))
            return bad("serviceObject", "'" + so + "' is not a 服务对象 code (1-6)");
    if (it.levels.empty())
        return bad("levels", "must not be empty");
    for (Level l : it.levels) {
        const auto mode = it.modeAt(l);
        if (!mode)
            return bad("handling", "no handling mode for level " + levelCode(l));
        if (handlingModeLevel(*mode) != l)
            return bad("handling", std::string(handlingModeKey(*mode)) +
                                       " does not apply at level " + levelCode(l));
        const Level completes = completingLevel(*mode);
        if (completes != l && !it.offeredAt(completes))
            return bad("handling", std::string(handlingModeKey(*mode)) + " needs level " +
                                       levelCode(completes) + " in 'levels'");
    }
    if (it.handling.size() != it.levels.size())
        return bad("handling", "has a mode for a level not in 'levels'");
    for (const auto& id : it.notOfferedAt) {
        const Site* site = org.site(id);
        if (!site)
            return bad("notOfferedAt", "'" + id + "' is not a site of the city");
        if (!it.offeredAt(levelOf(site->kind)))
            return bad("notOfferedAt", "'" + id + "' (" + site->name +
                                           ") is at a level the item is not offered at anyway");
    }
    const Department* dept = org.department(it.department);
    if (!dept)
        return bad("department", "'" + it.department + "' is not one of the city's departments");
    const auto& hallWindows = org.windows(SiteKind::Hall);
    if (std::find(hallWindows.begin(), hallWindows.end(), it.window) == hallWindows.end())
        return bad("window", "'" + it.window + "' is not a hall window");
    if (it.materials.empty())
        return bad("materials", "must not be empty");
    std::set<std::string> names;
    bool anyRequired = false;
    for (std::size_t i = 0; i < it.materials.size(); ++i) {
        const auto& m = it.materials[i];
        const std::string f = "materials[" + std::to_string(i) + "]";
        if (!names.insert(m.name).second)
            return bad(f + ".name", "duplicate material '" + m.name + "'");
        if (m.originals + m.copies < 1)
            return bad(f + ".copies", "a material needs at least one original or copy");
        anyRequired = anyRequired || m.required;
    }
    if (!anyRequired)
        return bad("materials", "at least one material must be required");
    if (it.caseKind == CaseKind::Immediate) {
        if (it.promisedLimitDays != 0)
            return bad("promisedLimitDays", "a 即办件 is completed on the spot: must be 0");
    } else {
        if (it.promisedLimitDays < 1)
            return bad("promisedLimitDays", "a 承诺件 needs at least 1 working day");
        if (it.promisedLimitDays >= it.legalLimitDays)
            return bad("promisedLimitDays", std::to_string(it.promisedLimitDays) +
                                                " must be shorter than the legal limit " +
                                                std::to_string(it.legalLimitDays));
    }
    if (it.steps.empty())
        return bad("steps", "must not be empty");
    int stepSum = 0;
    for (std::size_t i = 0; i < it.steps.size(); ++i) {
        if (static_cast<int>(it.steps[i].step) != static_cast<int>(i) + 1)
            return bad("steps[" + std::to_string(i) + "].step", "steps must be 1, 2, 3 in order");
        if (it.steps[i].limitDays < 0)
            return bad("steps[" + std::to_string(i) + "].limitDays", "must not be negative");
        stepSum += it.steps[i].limitDays;
    }
    if (stepSum > it.promisedLimitDays)
        return bad("steps", "step limits add up to " + std::to_string(stepSum) +
                                ", more than the promised limit " +
                                std::to_string(it.promisedLimitDays));
    if (it.fee.charged) {
        if (it.fee.basis.empty())
            return bad("fee.basis", "a charged item needs its 收费依据");
        if (it.fee.items.empty())
            return bad("fee.items", "a charged item needs its 收费项目");
        for (std::size_t i = 0; i < it.fee.items.size(); ++i)
            if (it.fee.items[i].amountFen <= 0)
                return bad("fee.items[" + std::to_string(i) + "].amountFen", "must be positive");
    } else if (!it.fee.items.empty()) {
        return bad("fee.items", "an item that charges nothing lists no fee items");
    }
    return ok();
}

namespace {

Item readItem(FieldReader& r) {
    Item it;
    it.id = r.str("id");
    it.version = static_cast<int>(r.integer("version", 1, 100000));
    const std::string status = r.str("status");
    if (status == "active")
        it.status = ItemStatus::Active;
    else if (status == "suspended")
        it.status = ItemStatus::Suspended;
    else if (status == "cancelled")
        it.status = ItemStatus::Cancelled;
    else
        r.fail("status", "'" + status + "' must be active, suspended or cancelled");
    const std::string eff = r.str("effectiveFrom");
    if (const auto d = Date::parse(eff))
        it.effectiveFrom = *d;
    else
        r.fail("effectiveFrom", "'" + eff + "' is not a YYYY-MM-DD date");
    it.name = r.str("name");
    it.variant = r.str("variant", true);
    it.basicCode = r.str("basicCode");
    it.implementationCode = r.str("implementationCode");
    it.itemType = r.str("itemType");
    it.serviceObjects = r.strings("serviceObject");
    for (const auto& code : r.strings("levels")) {
        const auto l = levelFromCode(code);
        if (!l)
            r.fail("levels", "'" + code + "' is not a level code (4, 5, 6)");
        else
            it.levels.push_back(*l);
    }
    if (r.has("notOfferedAt"))
        it.notOfferedAt = r.strings("notOfferedAt", true);
    const std::string kind = r.str("caseKind");
    if (kind == "1")
        it.caseKind = CaseKind::Immediate;
    else if (kind == "2")
        it.caseKind = CaseKind::Promised;
    else if (kind == "9")
        it.caseKind = CaseKind::Other;
    else
        r.fail("caseKind", "'" + kind + "' must be 1, 2 or 9");
    for (const auto& [k, v] : r.object("handling")) {
        const auto level = levelFromCode(k);
        const auto mode = v.is_string() ? handlingModeFromKey(v.get_string()) : std::nullopt;
        if (!level)
            r.fail("handling", "'" + std::string(k) + "' is not a level code");
        else if (!mode)
            r.fail("handling." + std::string(k), "not a handling mode");
        else
            it.handling[*level] = *mode;
    }
    it.department = r.str("department");
    it.legalBasis = r.str("legalBasis");
    it.conditions = r.strings("conditions");
    const auto& mats = r.array("materials");
    for (std::size_t i = 0; i < mats.size() && !r.failed(); ++i) {
        const std::string f = "materials[" + std::to_string(i) + "]";
        if (!mats[i].is_object()) {
            r.fail(f, "expected an object");
            break;
        }
        FieldReader m = r.nested(mats[i].get_object(), f);
        Material mat;
        mat.name = m.str("name");
        mat.required = m.boolean("required");
        mat.originals = static_cast<int>(m.integer("originals", 0, 20));
        mat.copies = static_cast<int>(m.integer("copies", 0, 20));
        mat.source = m.str("source");
        mat.reviewPoints = m.str("reviewPoints");
        it.materials.push_back(std::move(mat));
    }
    const auto& steps = r.array("steps");
    for (std::size_t i = 0; i < steps.size() && !r.failed(); ++i) {
        const std::string f = "steps[" + std::to_string(i) + "]";
        if (!steps[i].is_object()) {
            r.fail(f, "expected an object");
            break;
        }
        FieldReader s = r.nested(steps[i].get_object(), f);
        const std::string code = s.str("step");
        StepLimit sl;
        if (code == "1" || code == "2" || code == "3")
            sl.step = static_cast<StepCode>(code[0] - '0');
        else
            s.fail("step", "'" + code + "' must be 1, 2 or 3");
        sl.limitDays = static_cast<int>(s.integer("limitDays", 0, 365));
        it.steps.push_back(sl);
    }
    it.legalLimitDays = static_cast<int>(r.integer("legalLimitDays", 0, 365));
    it.promisedLimitDays = static_cast<int>(r.integer("promisedLimitDays", 0, 365));
    {
        FieldReader f = r.nested(r.object("fee"), "fee");
        it.fee.charged = f.boolean("charged");
        it.fee.basis = f.str("basis", true);
        const auto& items = f.array("items", true);
        for (std::size_t i = 0; i < items.size() && !r.failed(); ++i) {
            const std::string p = "items[" + std::to_string(i) + "]";
            if (!items[i].is_object()) {
                f.fail(p, "expected an object");
                break;
            }
            FieldReader fi = f.nested(items[i].get_object(), p);
            FeeItem item;
            item.name = fi.str("name");
            item.standard = fi.str("standard");
            item.amountFen = fi.integer("amountFen", 0, 100'000'000);
            item.reducible = fi.boolean("reducible");
            item.reductionBasis = fi.str("reductionBasis", true);
            it.fee.items.push_back(std::move(item));
        }
    }
    it.place = r.str("place");
    it.consultPhone = r.str("consultPhone");
    it.supervisePhone = r.str("supervisePhone");
    return it;
}

} // namespace

Result<Catalog> Catalog::fromJson(std::string_view text, std::string_view fileName,
                                  const Org& org) {
    const std::string file(fileName);
    auto doc = parseJsonDocument(text, fileName);
    if (!doc)
        return doc.error();
    if (!doc->is_object())
        return invalidInput("bad_json", file + ": the top level must be an object");
    const auto& top = doc->get_object();
    FieldReader tr(top, file);
    if (tr.str("format") != "bianmin-catalog/1" && !tr.failed())
        tr.fail("format", "expected \"bianmin-catalog/1\"");
    Catalog cat;
    cat.m_demo = tr.boolean("demo");
    const auto& items = tr.array("items");
    if (tr.failed())
        return tr.error();
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::string where = file + ": item #" + std::to_string(i + 1);
        if (!items[i].is_object())
            return invalidInput("bad_field", where + ": expected an object");
        const auto& obj = items[i].get_object();
        if (const auto* id = obj.if_contains("id"); id && id->is_string())
            where += " (" + std::string(id->get_string()) + ")";
        FieldReader r(obj, where);
        Item it = readItem(r);
        if (!r.failed()) {
            // The window is optional in the file; absent, the department's window at a hall.
            if (const auto* w = obj.if_contains("window")) {
                if (w->is_string())
                    it.window = std::string(w->get_string());
                else
                    r.fail("window", "expected a string");
            } else {
                it.window = org.windowFor(it.department, SiteKind::Hall);
            }
            if (const auto* fb = obj.if_contains("feeBeforeAccept")) {
                if (fb->is_bool())
                    it.feeBeforeAccept = fb->get_bool();
                else
                    r.fail("feeBeforeAccept", "expected true or false");
            }
        }
        if (r.failed())
            return r.error();
        if (auto st = validateItem(it, org, where); !st)
            return st.error();
        const auto existing = cat.m_versions.find(it.id);
        const int expected =
            existing == cat.m_versions.end() ? 1 : static_cast<int>(existing->second.size()) + 1;
        if (expected > 1 && it.effectiveFrom < existing->second.back().effectiveFrom)
            return invalidInput("bad_field",
                                where + ": field 'effectiveFrom': " + it.effectiveFrom.iso() +
                                    " precedes the version it replaces");
        if (it.version != expected)
            return invalidInput("bad_field",
                                where + ": field 'version': " + std::to_string(it.version) +
                                    " follows version " + std::to_string(expected - 1) +
                                    "; expected " + std::to_string(expected));
        cat.m_versions[it.id].push_back(std::move(it));
    }
    return cat;
}

Status Catalog::addVersion(Item item, const Org& org) {
    const std::string where = "item " + item.id + " v" + std::to_string(item.version);
    if (auto st = validateItem(item, org, where); !st)
        return st;
    auto it = m_versions.find(item.id);
    const int expected = it == m_versions.end() ? 1 : static_cast<int>(it->second.size()) + 1;
    if (item.version != expected)
        return Error{ErrorKind::Conflict, "version_gap",
                     where + ": the next version of " + item.id + " is " +
                         std::to_string(expected)};
    if (it != m_versions.end() && item.effectiveFrom < it->second.back().effectiveFrom)
        return invalidInput("bad_field", where + ": field 'effectiveFrom' precedes the version "
                                                 "it replaces");
    m_versions[item.id].push_back(std::move(item));
    return ok();
}

Status Catalog::change(Item revised, const Org& org) {
    const Item* cur = latest(revised.id);
    if (!cur)
        return Error{ErrorKind::NotFound, "unknown_item", "no item " + revised.id};
    if (cur->status == ItemStatus::Cancelled)
        return Error{ErrorKind::Conflict, "item_cancelled", revised.id + " is cancelled"};
    revised.version = cur->version + 1;
    return addVersion(std::move(revised), org);
}

namespace {
Status restate(Catalog& cat, std::string_view id, Date from, ItemStatus status, const Org& org) {
    const Item* cur = cat.latest(id);
    if (!cur)
        return Error{ErrorKind::NotFound, "unknown_item", "no item " + std::string(id)};
    if (cur->status == ItemStatus::Cancelled)
        return Error{ErrorKind::Conflict, "item_cancelled", std::string(id) + " is cancelled"};
    if (cur->status == status)
        return Error{ErrorKind::Conflict, "same_status",
                     std::string(id) + " is already " + std::string(itemStatusKey(status))};
    Item next = *cur;
    next.version = cur->version + 1;
    next.status = status;
    next.effectiveFrom = from;
    return cat.addVersion(std::move(next), org);
}
} // namespace

Status Catalog::suspend(std::string_view id, Date from, const Org& org) {
    return restate(*this, id, from, ItemStatus::Suspended, org);
}

Status Catalog::resume(std::string_view id, Date from, const Org& org) {
    const Item* cur = latest(id);
    if (cur && cur->status != ItemStatus::Suspended)
        return Error{ErrorKind::Conflict, "not_suspended", std::string(id) + " is not suspended"};
    return restate(*this, id, from, ItemStatus::Active, org);
}

Status Catalog::cancel(std::string_view id, Date from, const Org& org) {
    return restate(*this, id, from, ItemStatus::Cancelled, org);
}

const Item* Catalog::latest(std::string_view id) const {
    const auto it = m_versions.find(id);
    return it == m_versions.end() ? nullptr : &it->second.back();
}

const Item* Catalog::version(std::string_view id, int v) const {
    const auto it = m_versions.find(id);
    if (it == m_versions.end() || v < 1 || static_cast<std::size_t>(v) > it->second.size())
        return nullptr;
    return &it->second[static_cast<std::size_t>(v - 1)];
}

const Item* Catalog::inForce(std::string_view id, Date date) const {
    const auto it = m_versions.find(id);
    if (it == m_versions.end())
        return nullptr;
    const Item* found = nullptr;
    for (const auto& v : it->second)
        if (v.effectiveFrom <= date)
            found = &v;
    return found;
}

std::vector<const Item*> Catalog::latestItems() const {
    std::vector<const Item*> out;
    out.reserve(m_versions.size());
    for (const auto& [id, versions] : m_versions)
        out.push_back(&versions.back());
    return out;
}

std::size_t Catalog::versionCount() const {
    std::size_t n = 0;
    for (const auto& [id, versions] : m_versions)
        n += versions.size();
    return n;
}

} // namespace bianmin::domain
