// bianmin-info: prints the reference data (the demo city, its catalog and the working-day
// calendar) after loading and validating it exactly as the client and server do. Until the
// client and server exist, `./dev run` runs this.
#include "common/domain/deadlines.h"
#include "common/refdata/reference_files.h"

#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <string>

using namespace bianmin;
using namespace bianmin::domain;

namespace {

void usage() {
    std::cout << "usage: bianmin-info [--resources DIR] [city|catalog|item ID|calendar YEAR]\n";
}

void printCity(const Org& org) {
    std::cout << org.center().name << "（" << org.cityCode() << "）"
              << (org.isDemo() ? "  [演示数据 demo data]" : "") << "\n";
    std::cout << "  进驻部门 " << org.departments().size() << " 个；镇(乡、街道) "
              << org.townships().size() << " 个；村(社区) " << org.villageCount()
              << " 个；服务场所 " << org.sites().size() << " 个\n";
    std::cout << "  大厅窗口：";
    for (const auto& w : org.windows(SiteKind::Hall))
        std::cout << w << " ";
    std::cout << "\n  服务室窗口：";
    for (const auto& w : org.windows(SiteKind::Room))
        std::cout << w << " ";
    std::cout << "\n\n";
    for (const auto& t : org.townships()) {
        std::cout << "  " << t.code << "  " << t.name << "便民服务大厅  （" << t.villages.size()
                  << " 个村(社区)便民服务室）\n      ";
        int col = 0;
        for (const auto& v : t.villages) {
            std::cout << v.name << (++col % 8 == 0 ? "\n      " : " ");
        }
        std::cout << "\n";
    }
}

void printCatalog(const Catalog& cat) {
    std::map<std::string, std::vector<const Item*>> byWindow;
    for (const Item* it : cat.latestItems())
        byWindow[it->window].push_back(it);
    std::cout << "事项清单：" << cat.itemCount() << " 项（" << cat.versionCount() << " 个版本）"
              << (cat.isDemo() ? "  [演示数据 demo data]" : "") << "\n";
    for (const auto& [window, items] : byWindow) {
        std::cout << "\n【" << window << "窗口】\n";
        for (const Item* it : items) {
            std::string levels;
            for (auto l : it->levels)
                levels += (l == Level::Village ? "村" : l == Level::Township ? "乡" : "市");
            std::cout << "  " << it->id << "  " << it->displayName() << "  "
                      << (it->caseKind == CaseKind::Immediate
                              ? std::string("即办件")
                              : "承诺" + std::to_string(it->promisedLimitDays) + "个工作日")
                      << "  层级:" << levels << "  材料" << it->materials.size() << "项"
                      << (it->fee.charged ? "  收费" : "") << "\n";
        }
    }
}

void printItem(const Item& it, const Org& org) {
    std::cout << "【事项名称】" << it.displayName() << "  （" << it.id << " 第" << it.version
              << "版，" << itemStatusKey(it.status) << "）\n";
    std::cout << "  基本编码 " << it.basicCode << "  实施编码 " << it.implementationCode
              << "  事项类型 " << it.itemType << "\n";
    std::cout << "  实施部门 " << it.department << "  窗口：大厅" << it.window << "窗口 / 服务室"
              << org.windowFor(it.department, SiteKind::Room) << "窗口\n";
    for (const auto& [lvl, mode] : it.handling)
        std::cout << "  办理模式（" << levelCode(lvl) << "级）" << handlingModeName(mode) << "\n";
    std::cout << "【实施依据】" << it.legalBasis << "\n【申报条件】\n";
    for (const auto& c : it.conditions)
        std::cout << "  · " << c << "\n";
    std::cout << "【申报材料】\n";
    for (const auto& m : it.materials)
        std::cout << "  · " << m.name << "（" << (m.required ? "必要" : "非必要") << "，原件"
                  << m.originals << "份，复印件" << m.copies << "份，" << m.source
                  << "）\n    审查要点：" << m.reviewPoints << "\n";
    std::cout << "【办理程序】";
    for (const auto& s : it.steps)
        std::cout << stepName(s.step) << "(" << s.limitDays << "个工作日) ";
    std::cout << "\n【承诺时限】"
              << (it.caseKind == CaseKind::Immediate
                      ? std::string("即办")
                      : std::to_string(it.promisedLimitDays) + "个工作日")
              << "（法定" << it.legalLimitDays << "个工作日）\n";
    std::cout << "【收费依据】" << (it.fee.charged ? it.fee.basis : std::string("不收费")) << "\n";
    if (it.fee.charged) {
        std::cout << "【收费标准】\n";
        for (const auto& f : it.fee.items)
            std::cout << "  · " << f.name << "：" << f.standard << "（" << f.amountFen / 100 << "."
                      << (f.amountFen % 100 < 10 ? "0" : "") << f.amountFen % 100 << "元）"
                      << (f.reducible ? "，可减免：" + f.reductionBasis : "") << "\n";
    }
    std::cout << "【办理地点】" << it.place << "\n【咨询电话】" << it.consultPhone
              << "  【监督电话】" << it.supervisePhone << "\n";
}

void printCalendar(const WorkCalendar& cal, int year) {
    std::cout << year << "年法定节假日与调休（数据覆盖 " << cal.firstYear() << "–" << cal.lastYear()
              << "）\n";
    for (const auto& e : cal.entries())
        if (e.date.year() == year)
            std::cout << "  " << e.date.iso() << "  " << (e.workday ? "调休上班" : "放假") << "  "
                      << e.name << "\n";
    int working = 0;
    for (Date d = Date::fromCivil(year, 1, 1); d.year() == year; d = d.plusDays(1))
        working += cal.isWorkingDay(d) ? 1 : 0;
    std::cout << "  全年工作日 " << working << " 天\n";
}

} // namespace

int main(int argc, char** argv) {
    std::filesystem::path dir = BIANMIN_RESOURCES_DIR;
    int i = 1;
    if (i + 1 < argc && std::strcmp(argv[i], "--resources") == 0) {
        dir = argv[i + 1];
        i += 2;
    }
    const std::string cmd = i < argc ? argv[i] : "summary";
    if (cmd == "-h" || cmd == "--help") {
        usage();
        return 0;
    }
    auto ref = refdata::loadReferenceData(refdata::ReferencePaths::inDirectory(dir));
    if (!ref) {
        std::cerr << "bianmin-info: " << ref.error().message << "\n";
        return 1;
    }
    const auto& r = **ref;
    if (cmd == "summary" || cmd == "city") {
        printCity(r.org);
        if (cmd == "summary") {
            std::cout << "\n";
            printCatalog(r.catalog);
            std::cout << "\n工作日历覆盖 " << r.calendar.firstYear() << "–" << r.calendar.lastYear()
                      << " 年（bianmin-info calendar YEAR 查看）；事项详情：bianmin-info item ID\n";
        }
    } else if (cmd == "catalog") {
        printCatalog(r.catalog);
    } else if (cmd == "item" && i + 1 < argc) {
        const Item* it = r.catalog.latest(argv[i + 1]);
        if (!it) {
            std::cerr << "bianmin-info: no item " << argv[i + 1] << "\n";
            return 1;
        }
        printItem(*it, r.org);
    } else if (cmd == "calendar" && i + 1 < argc) {
        printCalendar(r.calendar, std::atoi(argv[i + 1]));
    } else {
        usage();
        return 2;
    }
    return 0;
}
