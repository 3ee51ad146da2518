#include "crossmem/schema/skip.hpp"

namespace crossmem::schema {
namespace {

constexpr std::string_view kUnsupported = "unsupported: ";
constexpr std::string_view kRemedy = " [remedy: ";

}  // namespace

std::string encode_unsupported(std::string_view reason, std::string_view remedy) {
  std::string out(kUnsupported);
  out += reason;
  if (!remedy.empty()) {
    out += kRemedy;
    out += remedy;
    out += ']';
  }
  return out;
}

SkipText decode_skip(std::string_view message) {
  SkipText skip;
  if (!message.starts_with(kUnsupported)) {
    skip.reason = message;
    return skip;
  }
  skip.unsupported = true;
  std::string_view rest = message.substr(kUnsupported.size());
  std::size_t at = rest.rfind(kRemedy);
  if (at != std::string_view::npos && rest.ends_with("]")) {
    skip.reason = rest.substr(0, at);
    skip.remedy = rest.substr(at + kRemedy.size(), rest.size() - at - kRemedy.size() - 1);
  } else {
    skip.reason = rest;
  }
  return skip;
}

bool is_failure(std::string_view message) {
  return !message.starts_with(kUnsupported.substr(0, kUnsupported.size() - 1)) &&
         message != kInterrupted;
}

}  // namespace crossmem::schema
