# crossmem_add_vm_test: a ctest test whose command runs inside the crossmem-vm
# qemu guest (Debian's kernel, several NUMA nodes, Yama, modules).
#
#   crossmem_add_vm_test(<name> COMMAND <command> [<arg>...]
#                        [NUMA <1|2>] [CPUS <n>] [MEM_ONLY_NODE] [YAMA <0-3>]
#                        [KERNEL <debian|patched>] [ENV <NAME=VALUE>...]
#                        [VM_TIMEOUT <s>] [TIMEOUT <s>] [LABELS <label>...])
#
# The test is named <name> as given (by convention "vm.<something>"), has the
# labels "vm" and LABELS, holds the resource lock "vm" (one guest at a time),
# and requires the fixture "crossmem_vm_kernel" (the test vm.fetch_kernel,
# which prepares the guest kernel once) or, with KERNEL patched, the fixture
# "crossmem_vm_patched_kernel" (the test vm.build_kernel, which builds
# kernel/build-kernel's kernel once). ENV sets variables for COMMAND in the
# guest (crossmem-vm --env). COMMAND may use generator
# expressions such as $<TARGET_FILE:tgt>; it runs as root in the guest, in
# the test's working directory (the build directory of the calling
# CMakeLists.txt). The values of COMMAND end at the next keyword of this
# function, so an argument cannot be literally NUMA, CPUS, YAMA, ...
# TIMEOUT is ctest's (default 300 s); VM_TIMEOUT is the guest's (default
# TIMEOUT - 30 s).
#
# Defined in a file of its own so that directories added before kernel/vm can
# include() it too.
include_guard(GLOBAL)

function(crossmem_add_vm_test name)
  cmake_parse_arguments(PARSE_ARGV 1 VM "MEM_ONLY_NODE" "NUMA;CPUS;YAMA;KERNEL;VM_TIMEOUT;TIMEOUT"
                        "COMMAND;LABELS;ENV")
  if(VM_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "crossmem_add_vm_test(${name}): unknown arguments: ${VM_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT VM_COMMAND)
    message(FATAL_ERROR "crossmem_add_vm_test(${name}): COMMAND is required")
  endif()
  if(NOT DEFINED VM_TIMEOUT)
    set(VM_TIMEOUT 300)
  endif()
  if(NOT DEFINED VM_VM_TIMEOUT)
    math(EXPR VM_VM_TIMEOUT "${VM_TIMEOUT} - 30")
  endif()

  set(options --timeout ${VM_VM_TIMEOUT})
  if(DEFINED VM_NUMA)
    list(APPEND options --numa ${VM_NUMA})
  endif()
  if(DEFINED VM_CPUS)
    list(APPEND options --cpus ${VM_CPUS})
  endif()
  if(VM_MEM_ONLY_NODE)
    list(APPEND options --mem-only-node)
  endif()
  if(DEFINED VM_YAMA)
    list(APPEND options --yama ${VM_YAMA})
  endif()
  set(fixture crossmem_vm_kernel)
  if(DEFINED VM_KERNEL)
    if(NOT VM_KERNEL MATCHES "^(debian|patched)$")
      message(FATAL_ERROR "crossmem_add_vm_test(${name}): KERNEL must be debian or patched")
    endif()
    list(APPEND options --kernel ${VM_KERNEL})
    if(VM_KERNEL STREQUAL "patched")
      set(fixture crossmem_vm_patched_kernel)
    endif()
  endif()
  foreach(env IN LISTS VM_ENV)
    list(APPEND options --env ${env})
  endforeach()

  add_test(NAME ${name}
           COMMAND ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/crossmem-vm ${options} -- ${VM_COMMAND})
  set_tests_properties(${name} PROPERTIES
    LABELS "vm;${VM_LABELS}"
    TIMEOUT ${VM_TIMEOUT}
    RESOURCE_LOCK vm
    FIXTURES_REQUIRED ${fixture})
endfunction()
