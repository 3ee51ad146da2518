#include "member_setup.hpp"

namespace crossmem::bench {

void MemberSetup::init(Member& m, int rank, int procs, bool in_process,
                       const std::vector<LinkSpec>& links) {
  m.rank_ = rank;
  m.procs_ = procs;
  m.in_process_ = in_process;
  m.links_ = links;
}

void MemberSetup::construct_endpoints(Member& m, const TeamSpec& spec, SharedBlock& shared,
                                      const std::vector<int>& socks, const std::int32_t* pids) {
  const Strategy& s = *spec.strategy;
  for (std::size_t l = 0; l < m.links_.size(); ++l) {
    const LinkSpec& ls = m.links_[l];
    bool send_here = m.in_process_ || ls.sender == m.rank_;
    bool recv_here = m.in_process_ || ls.receiver == m.rank_;
    if (!send_here && !recv_here) continue;
    if (send_here) {
      int sock = m.in_process_ ? -1 : socks[2 * l];
      m.bells_.emplace_back(spec.wait_mode, sock, spec.timeout);
      m.link_ends_.emplace_back(Side::sender, shared.lines(l), sock, pids[ls.receiver],
                                m.bells_.back());
      m.ends_[{l, Side::sender}] = &m.link_ends_.back();
      m.senders_[l] = s.make_sender(m.link_ends_.back(), spec.params);
    }
    if (recv_here) {
      int sock = m.in_process_ ? -1 : socks[2 * l + 1];
      m.bells_.emplace_back(spec.wait_mode, sock, spec.timeout);
      m.link_ends_.emplace_back(Side::receiver, shared.lines(l), sock, pids[ls.sender],
                                m.bells_.back());
      m.ends_[{l, Side::receiver}] = &m.link_ends_.back();
      m.receivers_[l] = s.make_receiver(m.link_ends_.back(), spec.params);
    }
  }
}

}  // namespace crossmem::bench
