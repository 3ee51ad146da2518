// Helpers for JSON text as Google Benchmark writes it.
#pragma once

#include <string>

namespace crossmem::results::detail {

// Google Benchmark writes non-finite doubles as bare NaN, -NaN, Infinity or -Infinity, which is
// not JSON. Returns `text` with those tokens (outside strings) replaced by null.
std::string replace_nonfinite_tokens(const std::string& text);

}  // namespace crossmem::results::detail
