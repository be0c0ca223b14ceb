#pragma once
// The organisation of one city's service network: the city center, a hall in every township
// (镇/乡/街道) and a room in every village (村/社区); the 20 departments; the window sets; and the
// roles people hold. Immutable after loading; safe to share across threads.
#include "common/domain/result.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bianmin::domain {

enum class SiteKind { Center, Hall, Room };
// 行使层级 codes of GB/T 39046: the level at which a site exercises an item.
enum class Level { City = 4, Township = 5, Village = 6 };
Level levelOf(SiteKind kind);
std::string levelCode(Level level);
std::optional<Level> levelFromCode(std::string_view code);

enum class Role {
    Clerk,           // 窗口工作人员, at a hall (or a center window)
    VillageAgent,    // 专职代办员, at a village room
    HallDirector,    // 大厅主任/副主任
    DepartmentStaff, // 部门工作人员 at the center, with a grade for the steps they may take
    Supervisor,      // 电子监察, read-only plus supervision notices
    Admin,           // catalog and organisation administration
    System,          // the sync server itself (binding official case numbers)
};
std::string_view roleKey(Role r); // stable English key for storage and the wire
std::optional<Role> roleFromKey(std::string_view key);
std::string roleName(Role r); // Chinese name for people

// Within a department: 承办人 handles, 审核人 (科长) reviews, 批准人 (分管领导) approves.
enum class Grade { None = 0, Handler = 1, Reviewer = 2, Approver = 3 };

struct Department {
    std::string code;   // e.g. MZJ
    std::string name;   // e.g. 民政局
    std::string window; // the window that takes its items where that window exists
};

struct Village {
    std::string code;   // 12 digits
    std::string name;   // …村 / …社区
    std::string kind;   // 村 or 社区
    bool active = true; // false: the room is closed (停用); its code stays taken
};

struct Township {
    std::string code; // 12 digits, ending in 000
    std::string name; // …镇 / …乡 / …街道
    std::string kind; // 镇, 乡 or 街道
    std::vector<Village> villages;
    bool active = true; // false: the hall is closed (停用), and so is every room under it
};

struct Site {
    std::string id;   // the 12-digit code of its unit: city, township or village
    std::string name; // 赤壁市政务服务中心, 车埠镇便民服务大厅, X村便民服务室
    SiteKind kind = SiteKind::Room;
    std::string townshipCode; // empty for the center
    std::string parentId;     // a room's hall, a hall's center; empty for the center
    // A closed site (optional "active": false in the org file) keeps its code and its history;
    // nobody works there: it has no active users or devices and no open cases.
    bool active = true;
};

class Org {
public:
    // Parses and validates resources/org/*.json (docs/seed-formats.md).
    static Result<Org> fromJson(std::string_view text, std::string_view fileName);

    const std::string& cityCode() const { return m_cityCode; }
    const std::string& cityName() const { return m_cityName; }
    bool isDemo() const { return m_demo; }
    const std::vector<Department>& departments() const { return m_departments; }
    const std::vector<Township>& townships() const { return m_townships; }
    const std::vector<Site>& sites() const { return m_sites; }
    const std::vector<std::string>& windows(SiteKind kind) const;

    const Site* site(std::string_view id) const;
    const Site& center() const { return m_sites.front(); }
    const Department* department(std::string_view nameOrCode) const;
    // The hall a room belongs to; the hall itself for a hall; nullptr for the center.
    const Site* hallOf(std::string_view siteId) const;
    // The window that takes a department's items at a site of this kind: the department's own
    // window where that window exists there, else 综合.
    std::string windowFor(std::string_view department, SiteKind kind) const;
    std::size_t villageCount() const;

private:
    std::string m_cityCode;
    std::string m_cityName;
    bool m_demo = false;
    std::vector<std::string> m_hallWindows;
    std::vector<std::string> m_roomWindows;
    std::vector<std::string> m_centerWindows;
    std::vector<Department> m_departments;
    std::vector<Township> m_townships;
    std::vector<Site> m_sites; // center first, then each hall followed by its rooms
    std::map<std::string, std::size_t, std::less<>> m_siteIndex;
};

inline constexpr std::string_view kGeneralWindow = "综合";

} // namespace bianmin::domain
