// `kiln wast [--verbose] FILE...`: runs spec test scripts and prints, per file,
// "FILE: P passed, F failed, S skipped", then the totals. Each file runs in a child
// process, so that even an engine crash costs only that file (counted as a failure).
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "commands.h"
#include "feature_flags.h"
#include "script/runner.h"

namespace kiln::core::tools {

namespace {

// What a child reports after each command.
struct Progress {
  uint64_t passed, failed, skipped;
  uint64_t line;
};

bool write_all(int fd, const void* p, size_t n) {
  const char* c = static_cast<const char*>(p);
  while (n > 0) {
    ssize_t w = write(fd, c, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    c += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

// Runs one file in a child process; the counts it reached, plus one failure if it died.
// `timeout` (seconds, 0 = none) bounds the child's run time.
script::Counts run_isolated(const std::string& path, const script::RunOptions& options, unsigned timeout) {
  int fds[2];
  std::fflush(stdout);
  std::fflush(stderr);
  if (pipe(fds) != 0) return script::run_script_file(path, options);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return script::run_script_file(path, options);
  }
  if (pid == 0) {
    close(fds[0]);
    if (timeout) alarm(timeout);
    script::RunOptions child = options;
    child.progress = [fd = fds[1]](const script::Counts& c, uint32_t line) {
      Progress p{c.passed, c.failed, c.skipped, line};
      write_all(fd, &p, sizeof p);
    };
    script::Counts c = script::run_script_file(path, child);
    Progress p{c.passed, c.failed, c.skipped, UINT64_MAX};
    write_all(fds[1], &p, sizeof p);
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(0);
  }
  close(fds[1]);
  Progress last{0, 0, 0, 0};
  bool finished = false;
  Progress p;
  size_t have = 0;
  char* buf = reinterpret_cast<char*>(&p);
  while (true) {
    ssize_t n = read(fds[0], buf + have, sizeof p - have);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    have += static_cast<size_t>(n);
    if (have == sizeof p) {
      last = p;
      if (p.line == UINT64_MAX) finished = true;
      have = 0;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  script::Counts c{last.passed, last.failed, last.skipped};
  if (!finished || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ++c.failed;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
      std::fprintf(stderr, "%s: error: timed out after %u seconds, after line %" PRIu64 "\n", path.c_str(), timeout,
                   last.line);
    } else if (WIFSIGNALED(status)) {
      std::fprintf(stderr, "%s: error: crashed with signal %d (%s) after line %" PRIu64 "\n", path.c_str(),
                   WTERMSIG(status), strsignal(WTERMSIG(status)), last.line);
    } else {
      std::fprintf(stderr, "%s: error: stopped unexpectedly after line %" PRIu64 "\n", path.c_str(), last.line);
    }
  }
  return c;
}

}  // namespace

namespace {

int cmd_wast(const Args& args) {
  script::RunOptions options;
  bool isolate = true;
  unsigned timeout = 0;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--verbose" || a == "-v") {
      options.verbose = true;
    } else if (a == "--timeout" && i + 1 < args.size()) {
      timeout = static_cast<unsigned>(std::strtoul(args[++i].c_str(), nullptr, 10));
    } else if (a == "--no-fork") {
      isolate = false;
    } else if (FlagResult fr = apply_feature_flag(a, options.features); fr != FlagResult::NotAFeatureFlag) {
      if (fr == FlagResult::Unknown) {
        std::fprintf(stderr, "kiln wast: unknown feature in %s\n", a.c_str());
        return 2;
      }
    } else if (a == "--") {
      files.insert(files.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    } else if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "kiln wast: unknown option %s\n", a.c_str());
      return 2;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: kiln wast [--verbose] [--timeout SECONDS] [--enable-FEATURE] FILE...\n");
    return 2;
  }
  script::Counts total;
  for (const std::string& f : files) {
    script::Counts c = isolate ? run_isolated(f, options, timeout) : script::run_script_file(f, options);
    std::printf("%s: %" PRIu64 " passed, %" PRIu64 " failed, %" PRIu64 " skipped\n", f.c_str(), c.passed, c.failed,
                c.skipped);
    std::fflush(stdout);
    total += c;
  }
  std::printf("%" PRIu64 " passed, %" PRIu64 " failed, %" PRIu64 " skipped\n", total.passed, total.failed,
              total.skipped);
  return total.failed ? 1 : 0;
}

const CommandRegistration kRegistration({"wast",
    "  wast [--verbose] FILE...            run WebAssembly spec test scripts\n"
    "                                      (also --timeout SECONDS)\n",
    cmd_wast, 20});

}  // namespace

}  // namespace kiln::core::tools
