#include "crossmem/kernel/topology.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include "crossmem/error.hpp"

namespace crossmem::kernel {

namespace {

hwloc_topology_t new_topology() {
  hwloc_topology_t topology = nullptr;
  if (hwloc_topology_init(&topology) < 0) throw_errno("initialising an hwloc topology");
  return topology;
}

void load_or_throw(hwloc_topology_t topology, const std::string& source) {
  if (hwloc_topology_load(topology) < 0) {
    int err = errno;
    hwloc_topology_destroy(topology);
    throw SystemError(err, "loading the hwloc topology of " + source);
  }
}

}  // namespace

Topology::Topology(hwloc_topology_t topology, std::string source)
    : topology_(topology), source_(std::move(source)) {}

Topology Topology::this_system() {
  hwloc_topology_t topology = new_topology();
  load_or_throw(topology, "this system");
  return Topology(topology, "this system");
}

Topology Topology::from_synthetic(const std::string& description) {
  hwloc_topology_t topology = new_topology();
  if (hwloc_topology_set_synthetic(topology, description.c_str()) < 0) {
    hwloc_topology_destroy(topology);
    throw InvalidInput("bad synthetic topology description '" + description + "'");
  }
  std::string source = "synthetic \"" + description + "\"";
  load_or_throw(topology, source);
  return Topology(topology, std::move(source));
}

Topology Topology::from_xml_file(const std::string& path) {
  hwloc_topology_t topology = new_topology();
  if (hwloc_topology_set_xml(topology, path.c_str()) < 0) {
    int err = errno;
    hwloc_topology_destroy(topology);
    throw InvalidInput("cannot use topology XML file '" + path + "': " + std::strerror(err));
  }
  std::string source = "xml " + path;
  if (hwloc_topology_load(topology) < 0) {
    int err = errno;
    hwloc_topology_destroy(topology);
    throw InvalidInput("cannot load topology XML file '" + path + "': " + std::strerror(err));
  }
  return Topology(topology, std::move(source));
}

Topology::Topology(Topology&& other) noexcept
    : topology_(std::exchange(other.topology_, nullptr)), source_(std::move(other.source_)) {}

Topology& Topology::operator=(Topology&& other) noexcept {
  if (this != &other) {
    if (topology_ != nullptr) hwloc_topology_destroy(topology_);
    topology_ = std::exchange(other.topology_, nullptr);
    source_ = std::move(other.source_);
  }
  return *this;
}

Topology::~Topology() {
  if (topology_ != nullptr) hwloc_topology_destroy(topology_);
}

bool Topology::is_this_system() const {
  return topology_ != nullptr && hwloc_topology_is_thissystem(topology_) != 0;
}

}  // namespace crossmem::kernel
