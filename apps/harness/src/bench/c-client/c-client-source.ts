/**
 * The C reference client, as source: the bench compiles it with the system `cc` at start-up.
 * Plain `read(2)`/`write(2)` with one 256 KiB buffer, HTTP/1.1 `GET` with `Content-Length` only:
 * the least work a client can do per byte, i.e. the machine's floor for one download.
 * It times itself like the Node contenders: from before `connect` to after the file is closed.
 */
export const C_CLIENT_SOURCE = String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUFFER_BYTES (256 * 1024)
static char buffer[BUFFER_BYTES + 1];

static void fail(const char *what) { perror(what); exit(2); }

static void write_all(int fd, const char *data, size_t length) {
  while (length > 0) {
    ssize_t n = write(fd, data, length);
    if (n < 0) { if (errno == EINTR) continue; fail("write"); }
    data += n; length -= (size_t)n;
  }
}

/* usage: c-client <host> <port> <path> <output file>; prints the elapsed milliseconds */
int main(int argc, char **argv) {
  if (argc != 5) { fprintf(stderr, "usage: c-client host port path file\n"); return 2; }
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  struct addrinfo hints = {0}, *address;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &address) != 0) fail("getaddrinfo");
  int sock = socket(address->ai_family, SOCK_STREAM, 0);
  if (sock < 0 || connect(sock, address->ai_addr, address->ai_addrlen) != 0) fail("connect");
  char request[4096];
  int request_length = snprintf(request, sizeof request,
      "GET %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n", argv[3], argv[1], argv[2]);
  write_all(sock, request, (size_t)request_length);
  int file = open(argv[4], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (file < 0) fail("open");

  size_t have = 0;
  long long length = -1, received = 0;
  for (;;) {
    if (have == BUFFER_BYTES) { fprintf(stderr, "headers too large\n"); return 2; }
    ssize_t n = read(sock, buffer + have, BUFFER_BYTES - have);
    if (n <= 0) fail("read headers");
    have += (size_t)n;
    buffer[have] = 0;
    char *blank = memmem(buffer, have, "\r\n\r\n", 4);
    if (!blank) continue;
    if (strncmp(buffer, "HTTP/1.1 200 ", 13) != 0) { fprintf(stderr, "not a 200\n"); return 2; }
    for (char *line = strstr(buffer, "\r\n") + 2; line < blank; line = strstr(line, "\r\n") + 2) {
      if (strncasecmp(line, "content-length:", 15) == 0) length = atoll(line + 15);
    }
    if (length < 0) { fprintf(stderr, "no Content-Length\n"); return 2; }
    size_t head = (size_t)(blank + 4 - buffer);
    write_all(file, buffer + head, have - head);
    received = (long long)(have - head);
    break;
  }
  while (received < length) {
    ssize_t n = read(sock, buffer, BUFFER_BYTES);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) { fprintf(stderr, "body ended after %lld of %lld bytes\n", received, length); return 2; }
    write_all(file, buffer, (size_t)n);
    received += n;
  }
  if (close(file) != 0) fail("close");
  close(sock);
  clock_gettime(CLOCK_MONOTONIC, &end);
  printf("%.3f\n", (end.tv_sec - start.tv_sec) * 1e3 + (end.tv_nsec - start.tv_nsec) / 1e6);
  return 0;
}
`;
