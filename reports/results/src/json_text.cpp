#include "json_text.hpp"

#include <cctype>
#include <string_view>

namespace crossmem::results::detail {

namespace {

bool word_at(const std::string& text, std::size_t i, std::string_view word) {
  if (text.compare(i, word.size(), word) != 0) return false;
  std::size_t end = i + word.size();
  return end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
}

}  // namespace

std::string replace_nonfinite_tokens(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      out += c;
      continue;
    }
    std::size_t j = (c == '-') ? i + 1 : i;
    bool replaced = false;
    for (std::string_view word : {std::string_view("NaN"), std::string_view("Infinity")}) {
      if (word_at(text, j, word)) {
        out += "null";
        i = j + word.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += c;
  }
  return out;
}

}  // namespace crossmem::results::detail
