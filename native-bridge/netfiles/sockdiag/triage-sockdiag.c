/*
 * triage-sockdiag: the kernel's TCP socket table, filtered by state in the kernel (sock_diag netlink), for
 * Triage's live connections view. Reading /proc/net/tcp makes the kernel print every socket as text, the
 * 25,000 TIME_WAIT sockets of a load test included (tens of ms each second); a sock_diag dump with a state
 * mask sends only the sockets asked for.
 *
 * Protocol, on stdin/stdout, one request at a time until stdin closes:
 *   request:  4 bytes, the state mask (bit N = TCP state N, include/net/tcp_states.h), host byte order;
 *   response: 4 bytes, a signed count N (or -errno when the dump failed), host byte order,
 *             then N records of 72 bytes: struct inet_diag_msg as the kernel sent it.
 * Both address families come from one walk of the kernel's hash tables (the inet_diag compatibility request
 * dumps AF_UNSPEC); a kernel that refuses it gets one request per family.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

#define RECORD ((int)sizeof(struct inet_diag_msg))

static char rx[1 << 16];
static char *out;
static size_t out_len, out_cap;

static int put(const void *data, size_t n) {
  if (out_len + n > out_cap) {
    size_t cap = out_cap ? out_cap * 2 : 1 << 16;
    while (cap < out_len + n) cap *= 2;
    char *bigger = realloc(out, cap);
    if (!bigger) return -ENOMEM;
    out = bigger;
    out_cap = cap;
  }
  memcpy(out + out_len, data, n);
  out_len += n;
  return 0;
}

/* Sends one dump request and appends every record of the answer; the count, or -errno. */
static int dump(int fd, const void *request, size_t length) {
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  if (sendto(fd, request, length, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) return -errno;
  int count = 0;
  for (;;) {
    ssize_t n = recv(fd, rx, sizeof rx, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    for (struct nlmsghdr *h = (struct nlmsghdr *)rx; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type == NLMSG_DONE) return count;
      if (h->nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *e = NLMSG_DATA(h);
        return e->error < 0 ? e->error : -EPROTO;
      }
      if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg))) return -EPROTO;
      int r = put(NLMSG_DATA(h), RECORD);
      if (r < 0) return r;
      count++;
    }
  }
}

static int dump_all(int fd, uint32_t states) {
  static int compat = 1;
  if (compat) {
    struct {
      struct nlmsghdr h;
      struct inet_diag_req r;
    } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = sizeof req;
    req.h.nlmsg_type = TCPDIAG_GETSOCK;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.r.idiag_family = AF_INET;
    req.r.idiag_states = states;
    size_t mark = out_len;
    int n = dump(fd, &req, sizeof req);
    if (n >= 0) return n;
    out_len = mark;
    compat = 0;
  }
  int total = 0;
  const int families[] = {AF_INET, AF_INET6};
  for (int i = 0; i < 2; i++) {
    struct {
      struct nlmsghdr h;
      struct inet_diag_req_v2 r;
    } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = sizeof req;
    req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.r.sdiag_family = families[i];
    req.r.sdiag_protocol = IPPROTO_TCP;
    req.r.idiag_states = states;
    int n = dump(fd, &req, sizeof req);
    /* A kernel built without IPv6 has no AF_INET6 handler: an empty table, as /proc/net/tcp6 missing is. */
    if (n == -ENOENT && families[i] == AF_INET6) continue;
    if (n < 0) return n;
    total += n;
  }
  return total;
}

static int read_full(int fd, void *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, (char *)buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    got += r;
  }
  return 0;
}

static int write_full(int fd, const void *buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = write(fd, (const char *)buf + done, n - done);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    done += r;
  }
  return 0;
}

int main(void) {
  /* Never outlive the process that asks. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  uint32_t states;
  while (read_full(0, &states, sizeof states) == 0) {
    out_len = 0;
    int32_t header = 0;
    if (put(&header, sizeof header) < 0) return 1;
    header = fd < 0 ? -EAFNOSUPPORT : dump_all(fd, states);
    if (header < 0) out_len = sizeof header;
    memcpy(out, &header, sizeof header);
    if (write_full(1, out, out_len) < 0) return 1;
  }
  return 0;
}
