#include "common/refdata/reference_files.h"

#include <fstream>
#include <sstream>

namespace bianmin::refdata {

using namespace bianmin::domain;

Result<std::string> readTextFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{ErrorKind::NotFound, "cannot_open", path.string() + ": cannot open the file"};
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad())
        return Error{ErrorKind::Retryable, "read_failed", path.string() + ": read failed"};
    return ss.str();
}

ReferencePaths ReferencePaths::inDirectory(const std::filesystem::path& dir) {
    return {dir / "org" / "demo-city.json", dir / "catalog" / "demo-catalog.json",
            dir / "calendar" / "cn-holidays.tsv"};
}

Result<std::shared_ptr<const ReferenceData>> loadReferenceData(const ReferencePaths& paths) {
    auto orgText = readTextFile(paths.org);
    if (!orgText)
        return orgText.error();
    auto org = Org::fromJson(*orgText, paths.org.filename().string());
    if (!org)
        return org.error();
    auto catText = readTextFile(paths.catalog);
    if (!catText)
        return catText.error();
    auto catalog = Catalog::fromJson(*catText, paths.catalog.filename().string(), *org);
    if (!catalog)
        return catalog.error();
    auto calText = readTextFile(paths.calendar);
    if (!calText)
        return calText.error();
    auto calendar = WorkCalendar::fromTsv(*calText, paths.calendar.filename().string());
    if (!calendar)
        return calendar.error();
    return std::make_shared<const ReferenceData>(
        ReferenceData{std::move(*org), std::move(*catalog), std::move(*calendar)});
}

} // namespace bianmin::refdata
