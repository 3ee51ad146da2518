#include "fixtures.hpp"

namespace crossmem::placement::testing {

std::string fixture_path(const std::string& name) {
  return std::string(CROSSMEM_TOPOLOGY_FIXTURES) + "/" + name;
}

Topology load_fixture(const std::string& name) {
  return Topology::from_xml_file(fixture_path(name));
}

}  // namespace crossmem::placement::testing
