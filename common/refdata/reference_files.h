#pragma once
// Loading the reference data from files: resources/org/*.json, resources/catalog/*.json and
// resources/calendar/*.tsv. All or nothing: a caller gets either every part, validated, or the
// first error, which names the file, the record and the field.
#include "common/domain/calendar.h"
#include "common/domain/catalog.h"
#include "common/domain/org.h"
#include "common/domain/result.h"

#include <filesystem>
#include <memory>
#include <string>

namespace bianmin::refdata {

struct ReferenceData {
    domain::Org org;
    domain::Catalog catalog;
    domain::WorkCalendar calendar;
};

domain::Result<std::string> readTextFile(const std::filesystem::path& path);

// Loads org/demo-city.json, catalog/demo-catalog.json and calendar/cn-holidays.tsv under `dir`,
// or the files named explicitly.
struct ReferencePaths {
    std::filesystem::path org;
    std::filesystem::path catalog;
    std::filesystem::path calendar;
    static ReferencePaths inDirectory(const std::filesystem::path& dir);
};
domain::Result<std::shared_ptr<const ReferenceData>> loadReferenceData(const ReferencePaths& paths);

} // namespace bianmin::refdata
