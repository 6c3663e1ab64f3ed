{
  "targets": [
    {
      "target_name": "fd_passing",
      "sources": ["native/fd_passing.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-Wall", "-Wextra", "-Werror=implicit-function-declaration"]
    }
  ]
}
