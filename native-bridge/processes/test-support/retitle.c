/*
 * A program that rewrites its own command line in place, as nginx and postgres workers and sshd sessions
 * do (setproctitle without prctl: the comm stays), for the process sampler's tests.
 * Usage: retitle FIFO MODE. It blocks opening FIFO (no CPU), and once the test writes to it, writes the
 * title "retitled worker" over its arguments. MODE "busy" then runs ~150 ms of CPU (a process that keeps
 * working); "idle" uses next to none (a fork that retitles itself at once). Then it waits for a signal.
 */
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) return 3;
  char byte;
  if (read(fd, &byte, 1) != 1) return 4;
  int busy = strcmp(argv[2], "busy") == 0;
  char *start = argv[0];
  char *end = argv[argc - 1] + strlen(argv[argc - 1]);
  size_t room = (size_t)(end - start);
  const char *title = "retitled worker";
  memset(start, 0, room);
  memcpy(start, title, strlen(title) < room ? strlen(title) : room - 1);
  if (busy) {
    volatile unsigned long spin = 0;
    for (double from = cpu_seconds(); cpu_seconds() - from < 0.15;) spin++;
  }
  for (;;) pause();
}
