/*
 * A leak as a real program shows it, for the verdict tests: memory grows at a steady average rate, but
 * in small steps at slightly irregular intervals, and now and then the program stalls for one or two
 * sampling ticks (resident size does not move at all), then catches up with the clock.
 *
 *   jitter-leak MIB_PER_SEC MAX_MIB TICK_MS SEED
 *
 * It prints "ready" once its memory is reserved (nothing touched yet: growth starts at that moment),
 * dies with its parent and exits by itself after 300 s.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define MIB (1024UL * 1024UL)
#define LIFETIME_S 300.0

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap_ms(double ms) {
  struct timespec ts = {(time_t)(ms / 1000), (long)((ms - 1000 * (long)(ms / 1000)) * 1e6)};
  nanosleep(&ts, NULL);
}

int main(int argc, char **argv) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1 || argc < 5) return 1;
  double rate = atof(argv[1]);
  size_t max = (size_t)atol(argv[2]) * MIB;
  double tick_ms = atof(argv[3]);
  srand48(atol(argv[4]));
  char *p = mmap(NULL, max, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  /* Huge pages would make resident size jump 2 MiB ahead of the plan. */
  madvise(p, max, MADV_NOHUGEPAGE);
  double start = now_s();
  printf("ready\n");
  fflush(stdout);
  size_t touched = 0;
  double next_stall = 1.5 + 3.0 * drand48();
  while (now_s() - start < LIFETIME_S) {
    double elapsed = now_s() - start;
    size_t target = (size_t)(rate * elapsed * MIB);
    if (target > max) target = max;
    target &= ~(size_t)4095;
    if (target > touched) {
      memset(p + touched, 0x5a, target - touched);
      touched = target;
    }
    if (elapsed >= next_stall) {
      /* A stall of one and a half to two ticks: two or three samples in a row read the same size. */
      nap_ms(tick_ms * (1.5 + 0.5 * drand48()));
      next_stall = now_s() - start + 1.5 + 3.0 * drand48();
    } else {
      nap_ms(40 + 120 * drand48());
    }
  }
  return 0;
}
