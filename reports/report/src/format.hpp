// Text formatting shared by the HTML, Markdown and gnuplot writers.
#pragma once

#include <string>
#include <string_view>

namespace crossmem::report {

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

// Escapes |, and replaces newlines, for a Markdown table cell.
std::string md_escape(std::string_view text);

// Escapes a string for a double-quoted gnuplot string.
std::string gp_quote(std::string_view text);

std::string base64(std::string_view bytes);

// Three significant digits, "-" for NaN: 12.3, 0.0456, 1234.
std::string sig3(double value);

// Bytes per second as decimal GB/s with three significant digits ("12.3").
std::string gbps(double bytes_per_second);

// Nanoseconds as microseconds with three significant digits ("1.23").
std::string usec(double ns);

}  // namespace crossmem::report
