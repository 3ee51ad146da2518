// Topology: an owned, loaded hwloc topology (RAII over hwloc_topology_t), the one loader that
// placement and crossmem-doctor share.
//
// Planning code works on any Topology; binding code refuses a Topology that is not this system,
// because hwloc binding calls on a synthetic or XML topology return success and do nothing.
#pragma once

#include <hwloc.h>

#include <string>

namespace crossmem::kernel {

class Topology {
 public:
  // The machine this process runs on (restricted to the CPUs and nodes it is allowed to use).
  // Honours HWLOC_XMLFILE / HWLOC_SYNTHETIC like every hwloc program; is_this_system() tells.
  // Throws SystemError if hwloc cannot discover the machine.
  static Topology this_system();

  // A synthetic topology, e.g. "pack:2 numa:2 l3:1 l2:2 core:2 pu:2".
  // Throws InvalidInput naming the description if hwloc rejects it.
  static Topology from_synthetic(const std::string& description);

  // A topology exported to XML (lstopo file.xml). Throws InvalidInput naming the path if the file
  // cannot be read or parsed.
  static Topology from_xml_file(const std::string& path);

  Topology(Topology&& other) noexcept;
  Topology& operator=(Topology&& other) noexcept;
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;
  ~Topology();

  // The loaded topology; valid for the lifetime of this object.
  hwloc_topology_t get() const { return topology_; }

  // True when the topology describes the running machine (hwloc_topology_is_thissystem), i.e. when
  // binding through it has an effect.
  bool is_this_system() const;

  // Where the topology came from: "this system", "synthetic \"...\"" or "xml <path>".
  const std::string& source() const { return source_; }

 private:
  Topology(hwloc_topology_t topology, std::string source);

  hwloc_topology_t topology_ = nullptr;
  std::string source_;
};

}  // namespace crossmem::kernel
