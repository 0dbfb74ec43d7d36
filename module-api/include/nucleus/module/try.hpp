#pragma once

// Errors as values: Try<T> holds a value or an Error; Result<T> holds a value,
// nothing, or an Error. They cross the module boundary in place of exceptions.
//
// g++ 12 has no std::expected in C++20 mode, so these use its vocabulary
// (has_value, value, error, value_or, operator*, operator->) to make a later
// switch a rename.
//
// Thread safety: plain values; no internal synchronisation.

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace nucleus {

// The unit value, for a Try or Future that carries no data.
struct Nothing {
  friend bool operator==(const Nothing&, const Nothing&) = default;
};

// What went wrong, phrased for the person who has to act on it: the
// operation, the value, and the fix.
struct Error {
  std::string message;

  explicit Error(std::string m) : message(std::move(m)) {}
};

// The "empty" state of a Result.
struct None {};

namespace internal {
[[noreturn]] inline void badAccess(const char* what, const std::string& detail)
{
  // Reading the value of an error is a broken invariant, not an input error.
  std::fprintf(stderr, "nucleus: %s: %s\n", what, detail.c_str());
  std::abort();
}
}  // namespace internal

template <typename T>
class [[nodiscard]] Try {
 public:
  using value_type = T;

  Try(const T& value) : state_(std::in_place_index<0>, value) {}
  Try(T&& value) : state_(std::in_place_index<0>, std::move(value)) {}
  Try(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  // Converts from a Try of a convertible type (Try<Derived*> to Try<Base*>...).
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<T, U>>>
  Try(Try<U>&& other)
      : state_(other.has_value() ? State(std::in_place_index<0>, std::move(*other))
                                 : State(std::in_place_index<1>, other.error())) {}

  bool has_value() const { return state_.index() == 0; }
  bool has_error() const { return state_.index() == 1; }
  explicit operator bool() const { return has_value(); }

  T& value() &
  {
    check();
    return std::get<0>(state_);
  }
  const T& value() const&
  {
    check();
    return std::get<0>(state_);
  }
  T&& value() &&
  {
    check();
    return std::get<0>(std::move(state_));
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <typename U>
  T value_or(U&& fallback) const&
  {
    return has_value() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
  }

  // The error; only meaningful when !has_value().
  const Error& error() const
  {
    if (has_value()) internal::badAccess("Try::error() on a value", "");
    return std::get<1>(state_);
  }

  // The error's message, or "" for a value (handy in log lines and tests).
  std::string message() const { return has_value() ? std::string() : error().message; }

 private:
  using State = std::variant<T, Error>;

  void check() const
  {
    if (!has_value()) internal::badAccess("Try::value() on an error", std::get<1>(state_).message);
  }

  State state_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(None) : state_(std::in_place_index<0>) {}
  Result(const T& value) : state_(std::in_place_index<1>, value) {}
  Result(T&& value) : state_(std::in_place_index<1>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<2>, std::move(error)) {}
  Result(Try<T>&& t)
      : state_(t.has_value() ? State(std::in_place_index<1>, std::move(*t))
                             : State(std::in_place_index<2>, t.error())) {}
  Result(std::optional<T> o)
      : state_(o ? State(std::in_place_index<1>, std::move(*o)) : State(std::in_place_index<0>)) {}

  bool has_value() const { return state_.index() == 1; }
  bool is_none() const { return state_.index() == 0; }
  bool has_error() const { return state_.index() == 2; }
  explicit operator bool() const { return has_value(); }

  T& value() &
  {
    check();
    return std::get<1>(state_);
  }
  const T& value() const&
  {
    check();
    return std::get<1>(state_);
  }
  T&& value() &&
  {
    check();
    return std::get<1>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const
  {
    if (!has_error()) internal::badAccess("Result::error() without an error", "");
    return std::get<2>(state_);
  }

 private:
  using State = std::variant<std::monostate, T, Error>;

  void check() const
  {
    if (is_none()) internal::badAccess("Result::value() on none", "");
    if (has_error()) internal::badAccess("Result::value() on an error", std::get<2>(state_).message);
  }

  State state_;
};

}  // namespace nucleus
