/**
 * The C reference client, as source: the bench compiles it with the system `cc` at start-up.
 * Plain `read(2)`/`write(2)` with one 256 KiB buffer, HTTP/1.1 `GET` with `Content-Length` only:
 * the least work a client can do per byte, i.e. the machine's floor for one download.
 * It times itself like the Node contenders: from before `connect` to after the file is closed.
 *
 * Built with `-DWITH_SHA256 -lcrypto -lpthread` it is the floor for a download checked with
 * SHA-256: reads land in a ring of 16 buffers of 256 KiB and a second thread hashes each where it
 * lies (OpenSSL's EVP SHA-256, no copy, no read-back), the reader waiting while 15 reads are unhashed;
 * it prints the hex digest on a second line, after the time.
 *
 * Built with `-DNONBLOCKING` it reads the body the way libuv (Node's event loop) does: the socket
 * made non-blocking after the response head, and `epoll_wait` before a read whenever the last one
 * came back short of the buffer (or with `EAGAIN`). A reference only: it shows what that I/O model
 * costs in C, without Node's per-read work.
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
#ifdef NONBLOCKING
#include <sys/epoll.h>
#endif

#define BUFFER_BYTES (256 * 1024)
#ifndef WITH_SHA256
static char buffer[BUFFER_BYTES + 1];
#else
#include <openssl/evp.h>
#include <pthread.h>
#define SLOTS 16
static char ring[SLOTS][BUFFER_BYTES + 1];
static char *buffer = ring[0];
static size_t lengths[SLOTS];
static long long produced, consumed; /* reads handed to the hashing thread, reads it hashed */
static int ended;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static EVP_MD_CTX *digest;

/* Hashes read n (1, 2, ...) from ring[n % SLOTS] once the reader hands it over. */
static void *hash_reads(void *unused) {
  (void)unused;
  for (;;) {
    pthread_mutex_lock(&lock);
    while (consumed == produced && !ended) pthread_cond_wait(&changed, &lock);
    if (consumed == produced) { pthread_mutex_unlock(&lock); return NULL; }
    long long next = consumed + 1;
    pthread_mutex_unlock(&lock);
    EVP_DigestUpdate(digest, ring[next % SLOTS], lengths[next % SLOTS]);
    pthread_mutex_lock(&lock);
    consumed = next;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
  }
}
#endif

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
#ifdef WITH_SHA256
  digest = EVP_MD_CTX_new();
  if (!digest || EVP_DigestInit_ex(digest, EVP_sha256(), NULL) != 1) { fprintf(stderr, "sha256 init\n"); return 2; }
  pthread_t hasher;
  if (pthread_create(&hasher, NULL, hash_reads, NULL) != 0) fail("pthread_create");
#endif
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
#ifdef WITH_SHA256
    EVP_DigestUpdate(digest, buffer + head, have - head); /* before the thread has anything */
#endif
    received = (long long)(have - head);
    break;
  }
#ifdef WITH_SHA256
  long long read_number = 0;
#endif
#ifdef NONBLOCKING
  if (fcntl(sock, F_SETFL, fcntl(sock, F_GETFL) | O_NONBLOCK) != 0) fail("fcntl");
  int poller = epoll_create1(0);
  struct epoll_event interest = { .events = EPOLLIN, .data.fd = sock };
  if (poller < 0 || epoll_ctl(poller, EPOLL_CTL_ADD, sock, &interest) != 0) fail("epoll");
  int must_wait = 1; /* libuv reads again at once only after a read that filled its buffer */
#endif
  while (received < length) {
#ifdef NONBLOCKING
    if (must_wait) {
      struct epoll_event ready;
      if (epoll_wait(poller, &ready, 1, -1) < 0 && errno != EINTR) fail("epoll_wait");
    }
#endif
#ifdef WITH_SHA256
    /* The next read's buffer must not be one the thread still has to hash. */
    pthread_mutex_lock(&lock);
    while (read_number - consumed >= SLOTS - 1) pthread_cond_wait(&changed, &lock);
    pthread_mutex_unlock(&lock);
    buffer = ring[(read_number + 1) % SLOTS];
#endif
    ssize_t n = read(sock, buffer, BUFFER_BYTES);
    if (n < 0 && errno == EINTR) continue;
#ifdef NONBLOCKING
    if (n < 0 && errno == EAGAIN) { must_wait = 1; continue; }
    must_wait = n < BUFFER_BYTES;
#endif
    if (n <= 0) { fprintf(stderr, "body ended after %lld of %lld bytes\n", received, length); return 2; }
    write_all(file, buffer, (size_t)n);
#ifdef WITH_SHA256
    read_number += 1;
    lengths[read_number % SLOTS] = (size_t)n;
    pthread_mutex_lock(&lock);
    produced = read_number;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
#endif
    received += n;
  }
  if (close(file) != 0) fail("close");
  close(sock);
#ifdef WITH_SHA256
  pthread_mutex_lock(&lock);
  ended = 1;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
  pthread_join(hasher, NULL);
  unsigned char sum[EVP_MAX_MD_SIZE];
  unsigned int sum_length = 0;
  EVP_DigestFinal_ex(digest, sum, &sum_length);
#endif
  clock_gettime(CLOCK_MONOTONIC, &end);
  printf("%.3f\n", (end.tv_sec - start.tv_sec) * 1e3 + (end.tv_nsec - start.tv_nsec) / 1e6);
#ifdef WITH_SHA256
  for (unsigned int i = 0; i < sum_length; i++) printf("%02x", sum[i]);
  printf("\n");
#endif
  return 0;
}
`;
