// The error message of a case that was not measured (Google Benchmark's error_message).
//
//   unsupported: <reason>[ [remedy: <remedy>]]   the mechanism cannot run here: a result
//   interrupted                                  the run was stopped (SIGINT/SIGTERM)
//   anything else                                a failure: the text says what went wrong
#pragma once

#include <string>
#include <string_view>

namespace crossmem::schema {

inline constexpr std::string_view kInterrupted = "interrupted";

struct SkipText {
  bool unsupported = false;
  std::string reason;  // for unsupported: the reason; otherwise the whole message
  std::string remedy;  // for unsupported: the remedy, or "" when none was given
};

// "unsupported: <reason>", then " [remedy: <remedy>]" when `remedy` is not empty.
std::string encode_unsupported(std::string_view reason, std::string_view remedy);

// The inverse of encode_unsupported; any other message is a failure with the message as reason.
SkipText decode_skip(std::string_view message);

// Whether the message reports a failure (neither unsupported nor interrupted).
bool is_failure(std::string_view message);

}  // namespace crossmem::schema
