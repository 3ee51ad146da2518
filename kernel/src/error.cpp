#include "crossmem/error.hpp"

#include <cerrno>
#include <cstring>

namespace crossmem {

SystemError::SystemError(int err, const std::string& what_doing)
    : std::runtime_error(what_doing + ": " + std::strerror(err)), err_(err) {}

void throw_errno(const std::string& what_doing) {
  throw SystemError(errno, what_doing);
}

}  // namespace crossmem
