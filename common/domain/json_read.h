#pragma once
// Reading reference-data JSON with errors that name the file, the record and the field. The first
// failure is kept and later reads return defaults, so a loader can read a whole record straight
// through and check once at the end.
#include "common/domain/result.h"

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bianmin::domain {

class FieldReader {
public:
    // `where` names the file and the record, e.g. "demo-catalog.json: item #3 (MZJ-001)".
    FieldReader(const boost::json::object& object, std::string where, std::string prefix = {});

    std::string str(std::string_view key, bool allowEmpty = false);
    std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max);
    bool boolean(std::string_view key);
    const boost::json::array& array(std::string_view key, bool allowEmpty = false);
    const boost::json::object& object(std::string_view key);
    std::vector<std::string> strings(std::string_view key, bool allowEmpty = false);
    // Whether the record has the field at all (for optional fields).
    bool has(std::string_view key) const { return m_object.contains(key); }
    // A reader for a nested object, sharing this reader's failure state.
    FieldReader nested(const boost::json::object& object, const std::string& fieldPath);

    void fail(std::string_view field, std::string_view message);
    bool failed() const { return m_error->has_value(); }
    const Error& error() const { return **m_error; }
    const std::string& where() const { return m_where; }

private:
    FieldReader(const boost::json::object& object, std::string where, std::string prefix,
                std::shared_ptr<std::optional<Error>> error);
    const boost::json::value* find(std::string_view key, const char* expected);

    const boost::json::object& m_object;
    std::string m_where;
    std::string m_prefix;
    std::shared_ptr<std::optional<Error>> m_error;
};

// Parses a whole JSON document; the error names the file and the byte offset.
Result<boost::json::value> parseJsonDocument(std::string_view text, std::string_view fileName);

} // namespace bianmin::domain
