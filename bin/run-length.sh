# Sourced by bin/shopwatch: which JIT a local run gets, from how long the run will be.
#
# On two cores a short run pays for the C2 compiler more than it gains from it: C2's compile
# threads take a core from the tasks for the whole run while the code they make arrives too late
# to pay back. Measured with the launcher (LocalRun, parallelism 2): the bundled 400-event sample
# 5.8-6.7 -> 3.7-4.6 s, 100 000 events 16-21 -> 11-13 s, 300 000 events 38-40 -> 25-35 s with C1
# only; at 1 M events C1 only is slower (94 against 80-89 s). So a run known to end soon (a file
# input of at most 256 MiB, or a bounded generator run of at most 400 000 events) gets C1 only;
# anything else (Kafka, unbounded generator, a policy directory watched for changes, bigger inputs)
# keeps the JVM's default tiered JIT. SHOPWATCH_JIT=c1|tiered overrides the choice.

SHORT_RUN_MAX_INPUT_BYTES=$((256 * 1024 * 1024))
SHORT_RUN_MAX_GENERATED_EVENTS=400000

# Prints what a run reads, from the job arguments given (as `bin/shopwatch run` receives them):
# "watch" (a policy directory watched for changes: the job does not end by itself), "files BYTES",
# "generator COUNT" (0: unbounded) or "kafka".
run_input() {
  # count: the default of --generator.count (ShopwatchOptions; LauncherJitChoiceTest keeps them in step)
  local events="" source="" count=20000 kafka="" watch=false
  local args=("$@") i key value
  for ((i = 0; i < ${#args[@]}; i++)); do
    [[ "${args[i]}" == -* ]] || continue
    key="${args[i]#-}"; key="${key#-}"
    value=""
    if ((i + 1 < ${#args[@]})) && [[ "${args[i + 1]}" != -* ]]; then value="${args[i + 1]}"; fi
    case "$key" in
      events) events="$value" ;;
      source) source="$value" ;;
      generator.count) count="$value" ;;
      kafka.bootstrap.servers) kafka="$value" ;;
      policies-watch) [[ -z "$value" || "$value" == true ]] && watch=true || watch=false ;;
    esac
  done
  if [[ "$watch" == true ]]; then echo watch; return; fi
  if [[ -z "$source" ]]; then
    if [[ -n "$events" ]]; then source=files; elif [[ -n "$kafka" ]]; then source=kafka; else source=generator; fi
  fi
  case "$source" in
    files)
      # A path that is not there: the job stops at once with its own error, any choice will do.
      echo "files $(find "$events" -type f -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')" ;;
    generator)
      if [[ "$count" =~ ^[0-9]+$ ]]; then echo "generator $count"; else echo "generator 0"; fi ;;
    *) echo kafka ;;
  esac
}

# Prints how long a run of the job arguments given is: "short" (a file input of at most 256 MiB,
# at most 400 000 generated events), "long" (a bigger bounded input) or "endless" (Kafka, an
# unbounded generator, a watched policy directory: the job does not end by itself). The JIT, the
# collector and the heap below are each chosen from it.
run_length() {
  local input size
  read -r input size <<< "$(run_input "$@")"
  case "$input" in
    files) if ((size <= SHORT_RUN_MAX_INPUT_BYTES)); then echo short; else echo long; fi ;;
    generator)
      if ((size == 0)); then echo endless
      elif ((size <= SHORT_RUN_MAX_GENERATED_EVENTS)); then echo short
      else echo long; fi ;;
    *) echo endless ;;
  esac
}

# Prints "c1" or "tiered" for the job arguments given (as `bin/shopwatch run` receives them).
jit_for_run() {
  case "${SHOPWATCH_JIT:-auto}" in
    c1) echo c1; return ;;
    tiered) echo tiered; return ;;
    auto) ;;
    *) echo "shopwatch: SHOPWATCH_JIT must be c1, tiered or auto, not '${SHOPWATCH_JIT}'" >&2; echo tiered; return ;;
  esac
  # A job that does not end by itself: whatever its input, it runs long enough for C2 to pay.
  if [[ "$(run_length "$@")" == short ]]; then echo c1; else echo tiered; fi
}

# " -XX:+UseTransparentHugePages" when the kernel's transparent huge pages are "madvise" (the
# JVM then asks for them for its heap); nothing when they are "always" (the heap gets them
# anyway) or "never" (the JVM would only warn that it cannot). FILE: the kernel's setting.
huge_pages_option() {
  local setting
  setting=$(cat "${1:-/sys/kernel/mm/transparent_hugepage/enabled}" 2>/dev/null) || return 0
  if [[ "$setting" == *"[madvise]"* ]]; then echo " -XX:+UseTransparentHugePages"; fi
  return 0
}

# The collector for the job arguments given. A run that ends by itself (a file, a bounded
# generator run) replays bounded input: the parallel collector, which costs the job ~15 % less CPU
# than G1 on two cores. A job that runs on (Kafka, an unbounded generator, a watched policy
# directory) is real time: G1, whose pauses stay short; the parallel collector's full collections
# put the detector flags' p99 past its target (BENCHMARKS.md, 2026-12-07, twelfth session).
# SHOPWATCH_GC (JVM options) overrides the choice.
#
# A replay also has half its heap young (-XX:NewRatio=1), and bin/shopwatch fixes its heap
# (-Xms = -Xmx, as Flink starts its task managers): what the detectors hold between checkpoints
# lives for seconds of a replay and then dies, so a large young generation lets most of it die
# there instead of being promoted, and a fixed heap keeps the collector's ergonomics from
# shrinking the old generation into full collections every ~20 s (1.0-1.8 s each). 1 M-event e2e,
# memory p=1: 8 508 -> 11 717 events per CPU-second (BENCHMARKS.md, 2026-12-07, fourteenth session).
REPLAY_GC="-XX:+UseParallelGC -XX:NewRatio=1"
# A long replay's heap also gets transparent huge pages where the kernel hands them out on request
# (huge_pages_option): its detectors hold hundreds of MB there and touch them at random, and with
# 4 KB pages most of those touches miss the TLB too. 1 M-event e2e, memory p=1, profiled and
# interleaved: the task threads 7 % fewer samples (duplicate content and seller velocity 16 %),
# 12 566 -> 14 556 and 14 127 events per CPU-second (BENCHMARKS.md, 2026-12-08, nineteenth
# session). A short run does not get them: each first touch of its heap then zeroes 2 MB, and the
# bundled sample took 0.4-0.7 s longer (6.0-6.4 against 5.5-5.9 s).
LONG_REPLAY_GC="$REPLAY_GC$(huge_pages_option)"
REALTIME_GC="-XX:+UseG1GC"
# The options of a replay (a run that ends by itself) for the job arguments given.
replay_gc_for_run() {
  if [[ -n "${SHOPWATCH_GC:-}" ]]; then echo "$SHOPWATCH_GC"; return; fi
  if [[ "$(run_length "$@")" == long ]]; then echo "$LONG_REPLAY_GC"; else echo "$REPLAY_GC"; fi
}
gc_for_run() {
  if [[ -n "${SHOPWATCH_GC:-}" ]]; then echo "$SHOPWATCH_GC"; return; fi
  if [[ "$(run_length "$@")" == endless ]]; then echo "$REALTIME_GC"; else replay_gc_for_run "$@"; fi
}

# The heap of a local run, for the job arguments given. A long replay (run_length) holds up to --detectors.hot-keys (500 000) images, accounts and items per
# detector state and subtask between checkpoints: ~300 MB per duplicate-content subtask and
# ~200 MB per seller-velocity subtask at the bound, which would not fit the old half of a 2 GB
# heap. Real time holds nothing, and a short run never reaches the bound. SHOPWATCH_HEAP overrides.
heap_for_run() {
  if [[ -n "${SHOPWATCH_HEAP:-}" ]]; then echo "$SHOPWATCH_HEAP"; return; fi
  if [[ "$(run_length "$@")" == long ]]; then echo 4g; else echo 2g; fi
}

# heap_options SIZE GC-OPTIONS...: the heap for a run of that size with those collector options;
# a replay's (the parallel collector) is fixed, see REPLAY_GC.
heap_options() {
  local size=$1; shift
  if [[ " $* " == *" -XX:+UseParallelGC "* ]]; then echo "-Xms$size -Xmx$size"; else echo "-Xmx$size"; fi
}

# The JVM options for that choice.
jit_options() {
  if [[ "$(jit_for_run "$@")" == c1 ]]; then echo "-XX:TieredStopAtLevel=1"; fi
}
