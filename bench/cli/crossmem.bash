# bash completion for crossmem and its subcommands (installed as
# share/bash-completion/completions/crossmem; or `source` this file).
# Subcommands, their options (read from `crossmem SUB --help`), strategy names (from
# `crossmem bench --list`, so only the strategies this build has) and workload names (from
# `crossmem bench --help`, which takes them from the workload table).

_crossmem_strategies() {
  "$1" bench --list 2>/dev/null | awk '/^[a-z]/ && $1 != "strategy" { print $1 }'
}

_crossmem_workloads() {
  "$1" bench --help 2>/dev/null |
    sed -n 's/.*Comma-separated workloads: \(.*\) (see --list-workloads).*/\1/p' | tr ',' ' '
}

_crossmem_options() {
  "$1" "$2" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9_-]*' | sort -u
}

# Completes one item of a comma-separated list: the items already typed stay as they are.
_crossmem_list() {
  local cur=$1; shift
  local done="" last=$cur
  if [[ $cur == *,* ]]; then
    done=${cur%,*},
    last=${cur##*,}
  fi
  local item
  COMPREPLY=()
  for item in "$@"; do
    [[ $item == "$last"* ]] && COMPREPLY+=("$done$item")
  done
  compopt -o nospace 2>/dev/null || true
}

_crossmem() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local cmd=${COMP_WORDS[0]}
  local subcommands="bench doctor report tune vm help"
  if ((COMP_CWORD == 1)); then
    mapfile -t COMPREPLY < <(compgen -W "$subcommands --version" -- "$cur")
    return
  fi
  local sub=${COMP_WORDS[1]}
  if [[ $sub == help ]]; then
    ((COMP_CWORD == 2)) && mapfile -t COMPREPLY < <(compgen -W "${subcommands% help}" -- "$cur")
    return
  fi
  if [[ $sub == bench ]]; then
    case $prev in
      --strategies)
        mapfile -t strategies < <(_crossmem_strategies "$cmd")
        _crossmem_list "$cur" "${strategies[@]}"
        return ;;
      --workloads)
        read -r -a workloads < <(_crossmem_workloads "$cmd")
        _crossmem_list "$cur" "${workloads[@]}"
        return ;;
      --reduce-type) mapfile -t COMPREPLY < <(compgen -W "f64 i64" -- "$cur"); return ;;
      --pages) _crossmem_list "$cur" 4k thp hugetlb; return ;;
      --cache) _crossmem_list "$cur" hot cold; return ;;
      --fresh) _crossmem_list "$cur" 0 1; return ;;
      --wait) mapfile -t COMPREPLY < <(compgen -W "spin futex" -- "$cur"); return ;;
      --placement)
        mapfile -t COMPREPLY < <(compgen -W "default smt l2 l3 package numa cross-package" -- "$cur")
        return ;;
      --buffer-node) mapfile -t COMPREPLY < <(compgen -W "sender receiver" -- "$cur"); return ;;
    esac
  fi
  case $prev in
    -o|--output|--out) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_crossmem_options "$cmd" "$sub")" -- "$cur")
    return
  fi
  if [[ $sub == report || $sub == tune ]]; then
    mapfile -t COMPREPLY < <(compgen -f -X '!*.json' -- "$cur")
    compopt -o plusdirs 2>/dev/null || true
  fi
}

complete -F _crossmem crossmem
