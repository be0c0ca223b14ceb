#include "common/domain/json_read.h"

#include <memory>

namespace bianmin::domain {

namespace json = boost::json;

namespace {
const json::array kEmptyArray;
const json::object kEmptyObject;
} // namespace

FieldReader::FieldReader(const json::object& object, std::string where, std::string prefix)
    : FieldReader(object, std::move(where), std::move(prefix),
                  std::make_shared<std::optional<Error>>()) {}

FieldReader::FieldReader(const json::object& object, std::string where, std::string prefix,
                         std::shared_ptr<std::optional<Error>> error)
    : m_object(object)
    , m_where(std::move(where))
    , m_prefix(std::move(prefix))
    , m_error(std::move(error)) {}

FieldReader FieldReader::nested(const json::object& object, const std::string& fieldPath) {
    return FieldReader(object, m_where, m_prefix + fieldPath + ".", m_error);
}

void FieldReader::fail(std::string_view field, std::string_view message) {
    if (failed())
        return;
    *m_error = invalidInput("bad_field", m_where + ": field '" + m_prefix + std::string(field) +
                                             "': " + std::string(message));
}

const json::value* FieldReader::find(std::string_view key, const char* expected) {
    if (failed())
        return nullptr;
    const auto* v = m_object.if_contains(key);
    if (!v) {
        fail(key, std::string("missing (expected ") + expected + ")");
        return nullptr;
    }
    return v;
}

std::string FieldReader::str(std::string_view key, bool allowEmpty) {
    const auto* v = find(key, "a string");
    if (!v)
        return {};
    if (!v->is_string()) {
        fail(key, "expected a string");
        return {};
    }
    std::string s(v->get_string());
    if (!allowEmpty && s.empty())
        fail(key, "must not be empty");
    return s;
}

std::int64_t FieldReader::integer(std::string_view key, std::int64_t min, std::int64_t max) {
    const auto* v = find(key, "an integer");
    if (!v)
        return min;
    std::int64_t n = 0;
    if (v->is_int64())
        n = v->get_int64();
    else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        n = static_cast<std::int64_t>(v->get_uint64());
    else {
        fail(key, "expected an integer");
        return min;
    }
    if (n < min || n > max) {
        fail(key,
             std::to_string(n) + " is outside " + std::to_string(min) + ".." + std::to_string(max));
        return min;
    }
    return n;
}

bool FieldReader::boolean(std::string_view key) {
    const auto* v = find(key, "true or false");
    if (!v)
        return false;
    if (!v->is_bool()) {
        fail(key, "expected true or false");
        return false;
    }
    return v->get_bool();
}

const json::array& FieldReader::array(std::string_view key, bool allowEmpty) {
    const auto* v = find(key, "an array");
    if (!v)
        return kEmptyArray;
    if (!v->is_array()) {
        fail(key, "expected an array");
        return kEmptyArray;
    }
    if (!allowEmpty && v->get_array().empty())
        fail(key, "must not be empty");
    return v->get_array();
}

const json::object& FieldReader::object(std::string_view key) {
    const auto* v = find(key, "an object");
    if (!v)
        return kEmptyObject;
    if (!v->is_object()) {
        fail(key, "expected an object");
        return kEmptyObject;
    }
    return v->get_object();
}

std::vector<std::string> FieldReader::strings(std::string_view key, bool allowEmpty) {
    std::vector<std::string> out;
    const auto& arr = array(key, allowEmpty);
    for (std::size_t i = 0; i < arr.size(); ++i) {
        if (!arr[i].is_string() || arr[i].get_string().empty()) {
            fail(std::string(key) + "[" + std::to_string(i) + "]", "expected a non-empty string");
            return {};
        }
        out.emplace_back(arr[i].get_string());
    }
    return out;
}

Result<json::value> parseJsonDocument(std::string_view text, std::string_view fileName) {
    boost::system::error_code ec;
    json::stream_parser p;
    const std::size_t n = p.write(text.data(), text.size(), ec);
    if (!ec)
        p.finish(ec);
    if (ec)
        return invalidInput("bad_json", std::string(fileName) + ": not valid JSON near byte " +
                                            std::to_string(n) + ": " + ec.message());
    return p.release();
}

} // namespace bianmin::domain
