/*
 * fd_passing: one sendmsg() with SCM_RIGHTS ancillary data, for passing file
 * descriptors to QEMU's monitor (QMP `getfd`, `add-fd`) over a unix socket that
 * Node.js already holds. Plain Node-API, no C++.
 *
 *   sendWithFds(socketFd: number, data: Buffer, fds: number[]): number
 *
 * Makes one non-blocking sendmsg() attempt (retried only on EINTR) with `fds`
 * attached to the first byte of `data`. Returns the number of bytes the kernel
 * took (at least 1, possibly fewer than data.length), or a negative errno such
 * as -EAGAIN when the socket buffer is full and nothing was sent. Throws a
 * TypeError or RangeError for bad arguments. The fds stay owned by the caller.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <node_api.h>

/* Linux's SCM_MAX_FD; QEMU itself accepts far fewer per message. */
#define MAX_FDS 253

#ifdef MSG_NOSIGNAL
#define SEND_FLAGS (MSG_DONTWAIT | MSG_NOSIGNAL)
#else
#define SEND_FLAGS MSG_DONTWAIT
#endif

static napi_value fail(napi_env env, bool range, const char *message) {
  if (range) {
    napi_throw_range_error(env, "ERR_OUT_OF_RANGE", message);
  } else {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
  }
  return NULL;
}

static napi_value send_with_fds(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 3) return fail(env, false, "sendWithFds(socketFd, data, fds) takes 3 arguments");

  int32_t sock;
  if (napi_get_value_int32(env, argv[0], &sock) != napi_ok) {
    return fail(env, false, "socketFd must be a number");
  }
  if (sock < 0) return fail(env, true, "socketFd must be >= 0");

  bool is_buffer = false;
  void *data = NULL;
  size_t length = 0;
  if (napi_is_buffer(env, argv[1], &is_buffer) != napi_ok || !is_buffer ||
      napi_get_buffer_info(env, argv[1], &data, &length) != napi_ok) {
    return fail(env, false, "data must be a Buffer");
  }
  if (length == 0) return fail(env, true, "data must hold at least one byte to carry the fds");

  bool is_array = false;
  uint32_t count = 0;
  if (napi_is_array(env, argv[2], &is_array) != napi_ok || !is_array ||
      napi_get_array_length(env, argv[2], &count) != napi_ok) {
    return fail(env, false, "fds must be an array of numbers");
  }
  if (count == 0 || count > MAX_FDS) return fail(env, true, "fds must hold 1 to 253 descriptors");

  union {
    char bytes[CMSG_SPACE(sizeof(int) * MAX_FDS)];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof control);

  struct iovec iov = {.iov_base = data, .iov_len = length};
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.bytes;
  msg.msg_controllen = CMSG_SPACE(sizeof(int) * count);

  struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int) * count);
  unsigned char *slots = CMSG_DATA(cmsg);
  for (uint32_t i = 0; i < count; i++) {
    napi_value element;
    int32_t fd;
    if (napi_get_element(env, argv[2], i, &element) != napi_ok ||
        napi_get_value_int32(env, element, &fd) != napi_ok) {
      return fail(env, false, "fds must be an array of numbers");
    }
    if (fd < 0) return fail(env, true, "every fd must be >= 0");
    memcpy(slots + i * sizeof(int), &fd, sizeof(int));
  }

  ssize_t sent;
  do {
    sent = sendmsg(sock, &msg, SEND_FLAGS);
  } while (sent < 0 && errno == EINTR);
  int64_t result = sent < 0 ? -(int64_t)errno : (int64_t)sent;

  napi_value out;
  if (napi_create_int64(env, result, &out) != napi_ok) return NULL;
  return out;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "sendWithFds", NAPI_AUTO_LENGTH, send_with_fds, NULL, &fn) !=
          napi_ok ||
      napi_set_named_property(env, exports, "sendWithFds", fn) != napi_ok) {
    return NULL;
  }
  return exports;
}
