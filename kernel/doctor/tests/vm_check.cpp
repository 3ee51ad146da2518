// Runs inside the qemu guest (kernel/vm, Debian's kernel with Yama) and checks what the doctor
// says under each given ptrace_scope, as root and as uid 65534 (root's CAP_SYS_PTRACE passes
// scopes 1 and 2, so the unprivileged view is the one that shows them). Scopes are taken in the
// order given and set by writing /proc/sys/kernel/yama/ptrace_scope, which can only go up once at
// 3, so one guest serves 1, 2 and 3. Prints both full reports for the first scope and the verdicts
// of the four strategies that reach a peer's memory for the others.
//
// Usage: crossmem_doctor_vm_check SCOPE...    (each 0-3, non-decreasing once 3 is reached)
// Exit status: 0 when every expectation holds, 1 otherwise, 2 for bad usage.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "crossmem/doctor/render.hpp"
#include "crossmem/kernel/probe.hpp"
#include "crossmem/strategy.hpp"
#include "support/child.hpp"

namespace {

using nlohmann::json;

int g_failures = 0;

void expect(bool ok, const std::string& what) {
  std::cout << (ok ? "ok: " : "FAIL: ") << what << "\n";
  if (!ok) ++g_failures;
}

const json& find(const json& list, const char* key, const std::string& value) {
  static const json none = json::object();
  for (const auto& item : list) {
    if (item.value(key, "") == value) return item;
  }
  return none;
}

bool contains(const json& j, const char* key, const std::string& text) {
  return j.contains(key) && j[key].get<std::string>().find(text) != std::string::npos;
}

const char* const kRemote[] = {"proc-mem-read", "proc-mem-write", "cma-read", "cma-write"};

void check_root(const json& j, int scope) {
  for (const char* s : kRemote) {
    const json& v = find(j["strategies"], "name", s);
    if (scope < 3) {
      expect(v.value("available", false), std::string("root, scope ") + std::to_string(scope) +
                                              ": " + s + " available (CAP_SYS_PTRACE)");
    } else {
      expect(!v.value("available", true) && contains(v, "remedy", "needs reboot"),
             std::string("root, scope 3: ") + s + " unavailable, remedy says it needs reboot");
    }
  }
}

void check_nobody(const json& j, int scope) {
  expect(j.value("uid", -1) == 65534, "unprivileged diagnosis runs as uid 65534");
  const json& cross = find(j["checks"], "id", "ptrace.cross_process");
  for (const char* s : kRemote) {
    const json& v = find(j["strategies"], "name", s);
    std::string who = std::string("uid 65534, scope ") + std::to_string(scope) + ": " + s;
    if (scope == 1) {
      expect(v.value("available", false) && contains(v, "note", "PR_SET_PTRACER"),
             who + " available because crossmem names its peer with PR_SET_PTRACER");
    } else if (scope == 2) {
      expect(!v.value("available", true) && v.value("cause_id", "") == "yama_scope_2" &&
                 contains(v, "remedy", "echo 1 > /proc/sys/kernel/yama/ptrace_scope"),
             who + " unavailable, remedy: echo 1 > /proc/sys/kernel/yama/ptrace_scope");
    } else {
      expect(!v.value("available", true) && contains(v, "remedy", "needs reboot"),
             who + " unavailable, remedy says it needs reboot");
    }
  }
  if (scope == 1) {
    expect(cross["facts"]["unrelated"].value("process_vm_readv", "") == "EPERM" &&
               cross["facts"].value("unrelated_cause_id", "") == "yama_scope_1",
           "uid 65534, scope 1: without PR_SET_PTRACER the sibling read fails with EPERM (Yama)");
    expect(cross["facts"]["named"].value("process_vm_readv", "") == "ok",
           "uid 65534, scope 1: after PR_SET_PTRACER the sibling read works");
    const json& mpich = find(j["mpi"], "stack", "MPICH 5.0 (ch4)");
    expect(mpich.value("single_copy", "") == "none (double copy)",
           "uid 65534, scope 1: MPICH 5 predicted to fall back to double copy");
  }
  if (scope == 2) {
    const json& ucx = find(j["mpi"], "stack", "UCX (Debian 12: 1.13.1)");
    expect(ucx.value("single_copy", "").rfind("none", 0) == 0,
           "uid 65534, scope 2: UCX predicted to offer no cma transport");
  }
}

void print_verdicts(const char* who, const json& j) {
  for (const char* s : kRemote) {
    const json& v = find(j["strategies"], "name", s);
    std::cout << "  " << who << " " << s << ": "
              << (v.value("available", false) ? "available: " + v.value("note", "")
                                              : "UNAVAILABLE: " + v.value("reason", "") +
                                                    " | fix: " + v.value("remedy", ""))
              << "\n";
  }
}

bool set_scope(int scope) {
  std::ofstream out("/proc/sys/kernel/yama/ptrace_scope");
  out << scope << "\n";
  out.close();
  return static_cast<bool>(out);
}

int check_scope(int scope, bool full) {
  namespace t = crossmem::doctor::testing;
  crossmem::doctor::Diagnosis d = crossmem::doctor::diagnose(crossmem::doctor_inputs());
  json root = crossmem::doctor::to_json(d);
  json nobody = t::run_in_child([] { return t::become_user(t::kNobody); },
                                [] {
                                  crossmem::doctor::Diagnosis dn =
                                      crossmem::doctor::diagnose(crossmem::doctor_inputs());
                                  return json{{"text", crossmem::doctor::render_text(dn)},
                                              {"json", crossmem::doctor::to_json(dn)}};
                                });
  std::cout << "===== ptrace_scope " << scope << " =====\n";
  if (nobody.contains("error")) {
    std::cout << "FAIL: unprivileged diagnosis: " << nobody["error"].get<std::string>() << "\n";
    return 1;
  }
  if (full) {
    std::cout << "----- crossmem-doctor as root -----\n"
              << crossmem::doctor::render_text(d) << "\n";
    std::cout << "----- crossmem-doctor as uid 65534 -----\n"
              << nobody["text"].get<std::string>() << "\n";
  } else {
    print_verdicts("root", root);
    print_verdicts("uid 65534", nobody["json"]);
  }
  const json& yama = find(root["checks"], "id", "yama.ptrace_scope");
  expect(yama["facts"].value("ptrace_scope", -1) == scope,
         "the guest's ptrace_scope reads " + std::to_string(scope));
  check_root(root, scope);
  check_nobody(nobody["json"], scope);
  return 0;
}

}  // namespace

// Under ASan: LeakSanitizer stops the process with ptrace to scan it at exit, which ptrace_scope 3
// (set by this program) forbids, so the leak check is off here. The host runs the same doctor code
// under LeakSanitizer in its own tests. Without ASan this function is never called.
extern "C" const char* __asan_default_options() {
  return "detect_leaks=0";
}

int main(int argc, char** argv) {
  std::vector<int> scopes;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() != 1 || a[0] < '0' || a[0] > '3') {
      scopes.clear();
      break;
    }
    scopes.push_back(a[0] - '0');
  }
  if (scopes.empty()) {
    std::cerr << "usage: crossmem_doctor_vm_check SCOPE... (each 0-3)\n";
    return 2;
  }
  if (::geteuid() != 0) {
    std::cerr
        << "crossmem_doctor_vm_check: must run as root (it sets ptrace_scope and switches to uid "
           "65534 itself)\n";
    return 2;
  }
  for (std::size_t i = 0; i < scopes.size(); ++i) {
    auto now = crossmem::kernel::yama_ptrace_scope();
    if (!now) {
      std::cout << "FAIL: no Yama in this kernel\n";
      return 1;
    }
    if (*now != scopes[i] && !set_scope(scopes[i])) {
      std::cout << "FAIL: could not set ptrace_scope to " << scopes[i] << " (it is " << *now
                << ")\n";
      return 1;
    }
    if (check_scope(scopes[i], i == 0) != 0) return 1;
  }
  std::cout << (g_failures == 0 ? "all checks passed\n"
                                : std::to_string(g_failures) + " check(s) failed\n");
  return g_failures == 0 ? 0 : 1;
}
