/*
 * The floor for the function side of a warm request: a custom runtime that does nothing but speak the Runtime API
 * (GET next, POST the same canned answer, repeat) over one keep-alive connection, in C with no allocation.
 * bench/local/run.sh serves it through `stratus dev` beside the C# function, so the difference between the two is
 * what the C# function costs, and what is left is the gateway's and the machine's.
 * It takes the Runtime API over the Unix socket `stratus dev` offers (STRATUS_RUNTIME_API_SOCKET) when there is one,
 * as Stratus's own SDK does, so that the floor and the C# function pay for the same transport.
 * Deliberately minimal: it reads Content-Length bodies only (the emulator never sends chunked answers to a runtime),
 * holds answers up to 1 MB (an event past that ends it), and exits on any error, answer without a request id
 * included, which the emulator reports as Runtime.ExitError.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char buffer[1 << 20];
static int runtime_api;

static int receive_more(size_t *have) {
  ssize_t received = recv(runtime_api, buffer + *have, sizeof buffer - *have - 1, 0);
  if (received <= 0) {
    return -1;
  }

  *have += (size_t)received;
  buffer[*have] = '\0';
  return 0;
}

/* Reads one whole answer; copies its Lambda-Runtime-Aws-Request-Id into request_id when asked to. */
static int read_answer(char *request_id, size_t request_id_size) {
  size_t have = 0;
  if (request_id != NULL) {
    request_id[0] = '\0';
  }
  char *end_of_head;
  while ((end_of_head = strstr(buffer, "\r\n\r\n")) == NULL) {
    if (receive_more(&have) != 0) {
      return -1;
    }
  }

  long content_length = 0;
  for (char *line = strstr(buffer, "\r\n") + 2; line < end_of_head; line = strstr(line, "\r\n") + 2) {
    if (strncasecmp(line, "Content-Length:", 15) == 0) {
      content_length = atol(line + 15);
    } else if (request_id != NULL && strncasecmp(line, "Lambda-Runtime-Aws-Request-Id:", 30) == 0) {
      const char *value = line + 30 + strspn(line + 30, " ");
      size_t length = strcspn(value, "\r");
      if (length >= request_id_size) {
        return -1;
      }
      memcpy(request_id, value, length);
      request_id[length] = '\0';
    }
  }

  size_t whole = (size_t)(end_of_head + 4 - buffer) + (size_t)content_length;
  if (whole >= sizeof buffer) {
    return -1;
  }
  while (have < whole) {
    if (receive_more(&have) != 0) {
      return -1;
    }
  }

  buffer[0] = '\0';
  return request_id != NULL && request_id[0] == '\0' ? -1 : 0;
}

static int send_all(const char *data, int length) {
  return send(runtime_api, data, (size_t)length, 0) == length ? 0 : -1;
}

static int connect_to_unix_socket(const char *path) {
  struct sockaddr_un endpoint = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof endpoint.sun_path) {
    return -1;
  }

  strcpy(endpoint.sun_path, path);
  runtime_api = socket(AF_UNIX, SOCK_STREAM, 0);
  if (runtime_api < 0 || connect(runtime_api, (struct sockaddr *)&endpoint, sizeof endpoint) != 0) {
    if (runtime_api >= 0) {
      close(runtime_api);
    }
    return -1;
  }
  return 0;
}

static int connect_to_runtime_api(void) {
  const char *socket_path = getenv("STRATUS_RUNTIME_API_SOCKET");
  if (socket_path != NULL && socket_path[0] != '\0' && connect_to_unix_socket(socket_path) == 0) {
    return 0;
  }

  const char *address = getenv("AWS_LAMBDA_RUNTIME_API");
  char host[64];
  int port;
  if (address == NULL || sscanf(address, "%63[^:]:%d", host, &port) != 2) {
    fprintf(stderr, "AWS_LAMBDA_RUNTIME_API is not host:port\n");
    return -1;
  }

  struct sockaddr_in endpoint = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  int one = 1;
  runtime_api = socket(AF_INET, SOCK_STREAM, 0);
  if (runtime_api < 0) {
    perror("socket");
    return -1;
  }

  setsockopt(runtime_api, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (inet_pton(AF_INET, host, &endpoint.sin_addr) != 1
      || connect(runtime_api, (struct sockaddr *)&endpoint, sizeof endpoint) != 0) {
    fprintf(stderr, "cannot connect to the Runtime API at %s\n", address);
    return -1;
  }
  return 0;
}

int main(void) {
  static const char answer[] =
      "{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{\\\"version\\\":\\\"1.0.0\\\"}\"}";
  const char *address = getenv("AWS_LAMBDA_RUNTIME_API");
  char request[512];
  char request_id[128];
  if (connect_to_runtime_api() != 0) {
    return 1;
  }

  for (;;) {
    int length = snprintf(request, sizeof request,
                          "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\n\r\n", address);
    if (send_all(request, length) != 0 || read_answer(request_id, sizeof request_id) != 0) {
      return 1;
    }

    length = snprintf(request, sizeof request,
                      "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\n"
                      "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                      request_id, address, sizeof answer - 1, answer);
    if (send_all(request, length) != 0 || read_answer(NULL, 0) != 0) {
      return 1;
    }
  }
}
