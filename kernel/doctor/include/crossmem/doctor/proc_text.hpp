// Pure parsers for the text files the doctor reads under /proc. They take the file's contents, so
// tests feed them synthetic text; none of them touches the system.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crossmem::doctor {

// The value of `key` in /proc/PID/status text ("Seccomp:\t2" -> "2"), trimmed; nullopt when the
// line is missing.
std::optional<std::string> status_field(std::string_view status, std::string_view key);

// A hexadecimal capability mask field of /proc/PID/status (CapEff, CapBnd...); nullopt when missing
// or malformed.
std::optional<std::uint64_t> status_caps(std::string_view status, std::string_view key);

// The whitespace-separated numbers of a status field ("Uid:", "NSpid:"); empty when missing.
std::vector<long> status_numbers(std::string_view status, std::string_view key);

// Whether /proc/PID/uid_map (or gid_map) text maps every id to itself over the whole 32-bit range,
// as in the initial user namespace ("0 0 4294967295").
bool id_map_is_identity(std::string_view map);

// The options of the proc file system mounted on /proc, from /proc/mounts text (the last such
// mount wins, as it hides earlier ones).
struct ProcMount {
  bool found = false;
  std::string options;  // "rw,nosuid,hidepid=invisible"
  std::string hidepid;  // value of hidepid=, empty when absent ("0" and "off" mean not hidden)
  std::string gid;      // value of gid=, empty when absent
  bool subset_pid = false;
};
ProcMount parse_proc_mount(std::string_view mounts);

// Whether a hidepid= value hides other users' processes ("2", "invisible") or only their
// contents ("1", "noaccess", "ptraceable"); "0", "off" and empty hide nothing.
enum class HidePid { none, contents, processes };
HidePid hidepid_level(std::string_view value);

// The word between brackets of a sysfs choice file ("always [madvise] never" -> "madvise"),
// "unknown" when there is none.
std::string bracketed_choice(std::string_view text);

}  // namespace crossmem::doctor
