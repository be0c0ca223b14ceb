#pragma once
// The item catalog (事项清单) with its versions. Every change (add, change, suspend, resume,
// cancel) appends a new version; old versions stay readable forever because a case keeps the
// version it was accepted under. Immutable once built, apart from the explicit version operations;
// share a const Catalog across threads freely.
#include "common/domain/date.h"
#include "common/domain/org.h"
#include "common/domain/result.h"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bianmin::domain {

enum class ItemStatus { Active, Suspended, Cancelled };
std::string_view itemStatusKey(ItemStatus s);

// 办件类型 (A.6): 1 即办件, 2 承诺件, 9 其他 (上报件 etc.)
enum class CaseKind { Immediate = 1, Promised = 2, Other = 9 };

enum class HandlingMode {
    VillageComplete,               // 村级直接办结
    VillageAcceptTownshipComplete, // 村级受理-乡级办结
    VillageAcceptCenter,           // 村级受理-转中心
    TownshipComplete,              // 乡级直接办结
    TownshipAcceptCenter,          // 乡级受理-转中心
    CenterComplete,                // 市级直接办结
};
std::string_view handlingModeKey(HandlingMode m);
std::optional<HandlingMode> handlingModeFromKey(std::string_view key);
std::string handlingModeName(HandlingMode m); // Chinese
Level handlingModeLevel(HandlingMode m);      // the level the mode applies at
// The level that completes a case under this mode.
Level completingLevel(HandlingMode m);

// 审批环节: 1 承办, 2 审核, 3 批准
enum class StepCode { Handle = 1, Review = 2, Approve = 3 };
std::string stepName(StepCode s);

struct Material {
    std::string name;
    bool required = true;     // 必要性
    int originals = 0;        // 原件份数
    int copies = 0;           // 复印件份数
    std::string source;       // 材料来源
    std::string reviewPoints; // 审查要点
};

struct StepLimit {
    StepCode step = StepCode::Handle;
    int limitDays = 0; // working days
};

struct FeeItem {
    std::string name;
    std::string standard;
    std::int64_t amountFen = 0;
    bool reducible = false;
    std::string reductionBasis;
};

struct Fee {
    bool charged = false;
    std::string basis;
    std::vector<FeeItem> items;
    std::int64_t totalFen() const;
};

struct Item {
    std::string id;
    int version = 1;
    ItemStatus status = ItemStatus::Active;
    Date effectiveFrom;
    std::string name;
    std::string variant; // 业务办理项
    std::string basicCode;
    std::string implementationCode;
    std::string itemType; // 事项类型 code
    std::vector<std::string> serviceObjects;
    std::vector<Level> levels;
    // Sites at an offered level that do not take the item all the same (which sites offer which
    // items: a township without forest has no 林木采伐许可). Site codes.
    std::vector<std::string> notOfferedAt;
    CaseKind caseKind = CaseKind::Promised;
    std::map<Level, HandlingMode> handling;
    std::string department; // name, e.g. 民政局
    std::string window;     // window at a hall (rooms and the center derive theirs)
    std::string legalBasis;
    std::vector<std::string> conditions;
    std::vector<Material> materials;
    std::vector<StepLimit> steps;
    int legalLimitDays = 0;
    int promisedLimitDays = 0;
    Fee fee;
    bool feeBeforeAccept = false; // the fee must be paid before 受理, not only before 办结
    std::string place;
    std::string consultPhone;
    std::string supervisePhone;

    bool offeredAt(Level level) const;
    bool offeredAt(const Site& site) const; // at its level, and not left out there
    std::optional<HandlingMode> modeAt(Level level) const;
    const Material* material(std::string_view name) const;
    int stepLimit(StepCode s) const; // 0 if the item has no such step
    std::string displayName() const; // name, plus the variant in brackets
};

// The window that takes the item at a site of this kind: the item's own at a hall (its window,
// or its department's), the department's window of the room's or center's set elsewhere.
std::string caseWindow(const Item& item, SiteKind siteKind, const Org& org);

// Validates one item on its own (fields, limits, steps, fees, modes against levels, the department
// against the org). `where` prefixes the message.
Status validateItem(const Item& item, const Org& org, const std::string& where);

class Catalog {
public:
    // Parses and validates resources/catalog/*.json; every error names file, item and field.
    static Result<Catalog> fromJson(std::string_view text, std::string_view fileName,
                                    const Org& org);

    // Appends a version: version 1 of a new id, or latest + 1 of an existing id.
    Status addVersion(Item item, const Org& org);
    // Convenience operations, each appending a version copied from the latest one.
    Status change(Item revised, const Org& org);
    Status suspend(std::string_view id, Date from, const Org& org);
    Status resume(std::string_view id, Date from, const Org& org);
    Status cancel(std::string_view id, Date from, const Org& org);

    const Item* latest(std::string_view id) const;
    const Item* version(std::string_view id, int version) const;
    // The version in force on a date: the highest version whose effectiveFrom <= date.
    const Item* inForce(std::string_view id, Date date) const;
    std::vector<const Item*> latestItems() const; // latest version of every id, by id
    std::size_t itemCount() const { return m_versions.size(); }
    std::size_t versionCount() const;
    bool isDemo() const { return m_demo; }

private:
    // id -> versions 1..n; a deque so that pointers handed out stay valid as versions are added.
    std::map<std::string, std::deque<Item>, std::less<>> m_versions;
    bool m_demo = false;
};

} // namespace bianmin::domain
