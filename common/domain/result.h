#pragma once
// Expected failures are values: a Result<T> holds either a T or an Error. (std::expected is C++23;
// g++ 12 on Debian 12 does not ship it.) Programming errors are assertions, not Errors.
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace bianmin::domain {

enum class ErrorKind {
    InvalidInput, // malformed or inconsistent data; retrying will not help
    NotPermitted, // the actor may not do this (role, site, partition)
    Conflict,     // legal in itself, but not in the case's current state
    NotFound,     // an id that names nothing
    Retryable,    // a transient failure (I/O, network); try again later
};

struct Error {
    ErrorKind kind = ErrorKind::InvalidInput;
    std::string code;    // stable machine code, e.g. "wrong_state"
    std::string message; // for people; names the file, record and field where there is one
};

inline Error invalidInput(std::string code, std::string message) {
    return {ErrorKind::InvalidInput, std::move(code), std::move(message)};
}

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value)
        : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(Error error)
        : m_v(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & {
        assert(ok());
        return std::get<0>(m_v);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(m_v);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(m_v));
    }
    const Error& error() const {
        assert(!ok());
        return std::get<1>(m_v);
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

private:
    std::variant<T, Error> m_v;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok() {
    return Ok{};
}

} // namespace bianmin::domain
