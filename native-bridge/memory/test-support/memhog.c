/*
 * A process with a known memory behaviour, for tests and the bench. Memory is mmap'ed and touched
 * directly (no malloc), so resident size follows the plan page for page.
 *
 *   memhog grow  MIB_PER_SEC MAX_MIB     touch memory at a steady rate (by the clock, not by sleeps)
 *   memhog once  MIB DELAY_MS            wait, touch one block at once, hold it
 *   memhog saw   STEP_MIB STEPS STEP_MS  touch STEPS blocks one per STEP_MS, release all, repeat
 *   memhog hold  MIB                     touch a block and hold it
 *
 * It prints "ready" once its plan has started: for hold, only after the whole block is touched (resident),
 * so a test may read its size at once; for the others as soon as it runs, since their tests watch the
 * change from there. It dies with its parent and exits by itself after 300 s.
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

static void nap_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static char *reserve_flags(size_t bytes, int extra) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | extra, -1, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    exit(2);
  }
  /* Huge pages would make resident size jump 2 MiB ahead of the plan. */
  madvise(p, bytes, MADV_NOHUGEPAGE);
  return p;
}

static char *reserve(size_t bytes) { return reserve_flags(bytes, 0); }

static void ready(void) {
  printf("ready\n");
  fflush(stdout);
}

int main(int argc, char **argv) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1 || argc < 2) return 1;
  double start = now_s();
  const char *mode = argv[1];
  if (strcmp(mode, "hold") != 0) ready();
  if (strcmp(mode, "grow") == 0 && argc >= 4) {
    double rate = atof(argv[2]);
    size_t max = (size_t)atol(argv[3]) * MIB;
    char *p = reserve(max);
    size_t touched = 0;
    while (now_s() - start < LIFETIME_S) {
      size_t target = (size_t)(rate * (now_s() - start) * MIB);
      if (target > max) target = max;
      target &= ~(size_t)4095;
      if (target > touched) {
        memset(p + touched, 0x5a, target - touched);
        touched = target;
      }
      nap_ms(20);
    }
  } else if (strcmp(mode, "once") == 0 && argc >= 4) {
    size_t size = (size_t)atol(argv[2]) * MIB;
    nap_ms(atol(argv[3]));
    /* MAP_POPULATE faults the whole block in inside one call: one step, even on a busy machine. */
    memset(reserve_flags(size, MAP_POPULATE), 0x5a, size);
    while (now_s() - start < LIFETIME_S) nap_ms(100);
  } else if (strcmp(mode, "saw") == 0 && argc >= 5) {
    size_t step = (size_t)atol(argv[2]) * MIB;
    long steps = atol(argv[3]);
    long step_ms = atol(argv[4]);
    char *p = reserve(step * steps);
    while (now_s() - start < LIFETIME_S) {
      for (long i = 0; i < steps; i++) {
        memset(p + i * step, 0x5a, step);
        nap_ms(step_ms);
      }
      madvise(p, step * steps, MADV_DONTNEED); /* gives the pages back: resident size drops */
      nap_ms(step_ms);
    }
  } else if (strcmp(mode, "hold") == 0 && argc >= 3) {
    size_t size = (size_t)atol(argv[2]) * MIB;
    if (size) memset(reserve(size), 0x5a, size);
    ready();
    while (now_s() - start < LIFETIME_S) nap_ms(100);
  } else {
    return 1;
  }
  return 0;
}
