#include "files.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace crossmem::doctor::detail {

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::optional<long> read_long(const std::string& path) {
  std::ifstream in(path);
  long v = 0;
  if (!(in >> v)) return std::nullopt;
  return v;
}

std::string read_link(const std::string& path, int* err) {
  char buf[256];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf - 1);
  if (n < 0) {
    if (err) *err = errno;
    return {};
  }
  if (err) *err = 0;
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string errno_name(int err) {
  switch (err) {
    case 0:
      return "0";
    case EPERM:
      return "EPERM";
    case ENOENT:
      return "ENOENT";
    case ESRCH:
      return "ESRCH";
    case EIO:
      return "EIO";
    case EBADF:
      return "EBADF";
    case ENOMEM:
      return "ENOMEM";
    case EACCES:
      return "EACCES";
    case EFAULT:
      return "EFAULT";
    case EBUSY:
      return "EBUSY";
    case EINVAL:
      return "EINVAL";
    case ENOSYS:
      return "ENOSYS";
    case ETIMEDOUT:
      return "ETIMEDOUT";
    default:
      return std::to_string(err);
  }
}

std::string errno_text(int err) {
  if (err == 0) return "ok";
  if (err < 0) return "not tried";
  return errno_name(err) + " (" + std::strerror(err) + ")";
}

}  // namespace crossmem::doctor::detail
