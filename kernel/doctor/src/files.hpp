// Small readers for /proc and /sys files (internal to the doctor). None throws: a missing or
// unreadable file is a fact the caller reports.
#pragma once

#include <optional>
#include <string>

namespace crossmem::doctor::detail {

// The whole file, or nullopt when it cannot be opened.
std::optional<std::string> read_text(const std::string& path);

// The first whitespace-separated integer in the file, or nullopt.
std::optional<long> read_long(const std::string& path);

// The target of a symbolic link ("user:[4026531837]"), or empty with `*err` set to the errno.
std::string read_link(const std::string& path, int* err = nullptr);

// "EPERM", "ENOSYS"...; "0" for 0; the number for an errno without a known name.
std::string errno_name(int err);

// errno_name plus strerror: "EPERM (Operation not permitted)"; "ok" for 0; "not tried" for -1.
std::string errno_text(int err);

}  // namespace crossmem::doctor::detail
