// The one error the schema throws: a text that is not in crossmem's form. Callers add where the
// text came from (a file, a benchmark) and turn it into their own error kind.
#pragma once

#include <stdexcept>

namespace crossmem::schema {

class ParseError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace crossmem::schema
