/*
 * The spiking simulator's algorithm, written in C for Brette et al. 2007 benchmark 4 alone: what the
 * same design costs when compiled ahead of time, natively and to WebAssembly. `bench:peers --native`
 * builds it with `gcc -O2` and with `clang --target=wasm32-wasi -O2`, and runs both beside the
 * simulator, so its end-to-end ratio against Brian2 can be read against the ratio the design itself
 * reaches without a JIT.
 *
 * It follows the simulator's fast path (substrate-spiking, sim/network.ts and sim/neuron-heap.ts):
 *   - connections drawn per presynaptic neuron as geometric gaps, one xoshiro128** uniform each,
 *     inverted through a guide table; 16-bit targets in CSR order; initial potentials uniform in
 *     [reset, threshold);
 *   - each neuron stores q = (V - E) e^(t/tau), which free decay leaves unchanged, so a synaptic event
 *     is a multiply-add and a comparison; an excitatory event that passes the neuron's key state is
 *     settled after the loop (fire, or re-key);
 *   - a neuron's key is the crossing of a threshold 0.5 mV lower while that lies ahead, else the exact
 *     crossing; inhibition leaves an early key, checked again when it comes up;
 *   - keys live in a two-tier calendar queue (adaptive bucket width, unsorted far list, tied buckets put
 *     in index order once).
 * It leaves out what this network does not use: delays (every spike is delivered at once, from a
 * first-in first-out list), per-synapse weights, plasticity, recording, other neuron models, and
 * rebasing q (one simulated second keeps e^(t/tau) below e^50).
 *
 * Usage: event_driven_brette4 [neurons] [repeats]. Runs three warm-up runs, then `repeats` timed ones
 * (seeds 1, 2, 3, 1, ...), and prints one JSON line with each run's build and run time.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Plain comparisons: without -ffast-math, fmax and fmin are calls into libm. */
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))

static const double TAU = 20, REST = -49, THRESHOLD = -50, RESET = -60, REFRACTORY = 5;
static const double W_EXC = 0.25, W_INH = -2.25, P_CONNECT = 0.02, SIMULATED_MS = 1000;
static const double KEY_MARGIN = 0.5;

/* xoshiro128**, its state filled by splitmix32 (as the project's Rng). */
static uint32_t rng[4];
static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
static void seed_rng(uint32_t x) {
  for (int i = 0; i < 4; i++) {
    x += 0x9e3779b9u;
    uint32_t z = x;
    z = (z ^ (z >> 16)) * 0x85ebca6bu;
    z = (z ^ (z >> 13)) * 0xc2b2ae35u;
    rng[i] = z ^ (z >> 16);
  }
}
static double uniform(void) {
  uint32_t result = rotl(rng[1] * 5, 7) * 9, t = rng[1] << 9;
  rng[2] ^= rng[0];
  rng[3] ^= rng[1];
  rng[1] ^= rng[2];
  rng[0] ^= rng[3];
  rng[2] ^= t;
  rng[3] = rotl(rng[3], 11);
  return result / 4294967296.0;
}

/* Geometric gaps by inversion through a tabulated CDF and a guide table, the logarithm for the tail. */
#define GUIDE_BINS 8
static int gap_size;
static double *gap_cdf, gap_logq;
static int *gap_guide;
static void init_gaps(double p) {
  gap_logq = log1p(-p);
  gap_size = 16;
  while (gap_size < 4 / p && gap_size < 4096) gap_size *= 2;
  gap_cdf = malloc(sizeof(double) * gap_size);
  for (int k = 0; k < gap_size; k++) gap_cdf[k] = -expm1((k + 1) * gap_logq);
  int bins = gap_size * GUIDE_BINS, k = 0;
  gap_guide = malloc(sizeof(int) * bins);
  for (int b = 0; b < bins; b++) {
    while (k < gap_size && gap_cdf[k] <= (double)b / bins) k++;
    gap_guide[b] = k;
  }
}
static int gap(double u) {
  int k = gap_guide[(int)(u * gap_size * GUIDE_BINS)];
  while (k < gap_size && u >= gap_cdf[k]) k++;
  if (k < gap_size) return k;
  int tail = (int)floor(log1p(-u) / gap_logq);
  return tail > gap_size ? tail : gap_size;
}

/* One projection in CSR order: the targets of presynaptic neuron i are post[start[i] .. start[i+1]). */
typedef struct {
  int *start;
  uint16_t *post;
  int capacity;
} Projection;

static void connect(Projection *p, int pre, int post_size, int post_offset) {
  int c = 0;
  for (int i = 0; i < pre; i++) {
    p->start[i] = c;
    for (int k = gap(uniform()); k < post_size; k += 1 + gap(uniform())) {
      if (c == p->capacity) {
        p->capacity *= 2;
        p->post = realloc(p->post, sizeof(uint16_t) * p->capacity);
      }
      p->post[c++] = (uint16_t)(post_offset + k);
    }
  }
  p->start[pre] = c;
}

/* The calendar queue of neuron keys (see sim/neuron-heap.ts for the design). */
#define CROWDED 32
#define TIED 8
static int n_neurons, n_buckets;
static double *keys, *far_keys;
static int *first, *next, *prev, *position, *far, *order;
static int near_count, cursor, best, tied, far_size, far_finite;
static double origin, inv_width, window_end, width;

static void push_far(int n, double key) {
  int s = far_size++;
  far[s] = n;
  far_keys[s] = key;
  position[n] = -1 - s;
  if (key != INFINITY) far_finite++;
}
static void remove_far(int s, double key) {
  if (key != INFINITY) far_finite--;
  int last = far[--far_size];
  far[s] = last;
  far_keys[s] = far_keys[far_size];
  position[last] = -1 - s;
}
static void link(int n, double key) {
  double f = floor((key - origin) * inv_width);
  int b = f < 0 ? 0 : f > n_buckets - 1 ? n_buckets - 1 : (int)f;
  int head = first[b];
  next[n] = head;
  prev[n] = -1;
  if (head != -1) prev[head] = n;
  first[b] = n;
  position[n] = b;
  near_count++;
  if (b == tied) tied = -1;
  if (b <= cursor) {
    cursor = b;
    best = -1;
  }
}
static void unlink_neuron(int n, int b) {
  int before = prev[n], after = next[n];
  if (before == -1) first[b] = after;
  else next[before] = after;
  if (after != -1) prev[after] = before;
  near_count--;
  if (n == best) best = -1;
}
static void clear_queue(void) {
  for (int i = 0; i < n_neurons; i++) {
    keys[i] = far_keys[i] = INFINITY;
    far[i] = i;
    position[i] = -1 - i;
  }
  for (int b = 0; b < n_buckets; b++) first[b] = -1;
  far_size = n_neurons;
  far_finite = near_count = cursor = 0;
  best = tied = -1;
  window_end = -INFINITY;
  width = 1;
}
static int move_before(double start) {
  double w = MAX(width, fabs(start) * 1e-12);
  origin = start;
  inv_width = 1 / w;
  window_end = start + w * n_buckets;
  cursor = 0;
  int moved = 0;
  for (int s = 0; s < far_size;) {
    double key = far_keys[s];
    if (key < window_end) {
      int n = far[s];
      remove_far(s, key);
      link(n, key);
      moved++;
    } else s++;
  }
  int target = n_buckets >> 2;
  if (moved > 0 && moved < target >> 1 && w < 1e6) width = w * 2;
  else if (moved > 2 * target && w > 1e-9) width = w * 0.5;
  return moved;
}
static void refill(void) {
  if (far_finite == 0) return;
  if (window_end > -INFINITY && move_before(window_end) > 0) return;
  double min = INFINITY;
  for (int s = 0; s < far_size; s++) min = MIN(min, far_keys[s]);
  move_before(min);
}
static void flush(void) {
  for (int b = cursor; b < n_buckets; b++) {
    for (int n = first[b]; n != -1; n = next[n]) push_far(n, keys[n]);
    first[b] = -1;
  }
  near_count = 0;
  best = -1;
  window_end = -INFINITY;
}
static int by_index(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
static int sort_tied(int b, int count) {
  int i = 0;
  for (int n = first[b]; n != -1; n = next[n]) order[i++] = n;
  qsort(order, count, sizeof(int), by_index);
  int after = -1;
  for (int k = count - 1; k >= 0; k--) {
    int n = order[k];
    next[n] = after;
    prev[n] = k > 0 ? order[k - 1] : -1;
    after = n;
  }
  first[b] = after;
  tied = b;
  return after;
}
static void find_best(void) {
  for (;;) {
    if (near_count == 0) refill();
    if (near_count == 0) return;
    int b = cursor;
    while (first[b] == -1) b++;
    cursor = b;
    if (b == tied) {
      best = first[b];
      return;
    }
    int earliest = first[b], count = 1;
    double earliest_key = keys[earliest], latest = earliest_key;
    for (int n = next[earliest]; n != -1; n = next[n]) {
      double k = keys[n];
      count++;
      if (k > latest) latest = k;
      if (k < earliest_key || (k == earliest_key && n < earliest)) {
        earliest = n;
        earliest_key = k;
      }
    }
    double narrower = 0.25 / inv_width;
    if (count > CROWDED && latest > earliest_key && narrower > MAX(1e-9, fabs(origin) * 1e-12)) {
      width = narrower;
      flush();
      continue;
    }
    if (count > TIED && latest == earliest_key) earliest = sort_tied(b, count);
    best = earliest;
    return;
  }
}
static double top_key(void) {
  if (best < 0) find_best();
  return best < 0 ? INFINITY : keys[best];
}
static void set_key(int n, double key) {
  double old = keys[n];
  if (old == key) return;
  keys[n] = key;
  int at = position[n];
  if (at < 0) {
    if (key >= window_end) {
      far_keys[-1 - at] = key;
      if (key != INFINITY) {
        if (old == INFINITY) far_finite++;
      } else far_finite--;
      return;
    }
    remove_far(-1 - at, old);
  } else unlink_neuron(n, at);
  if (key >= window_end) push_far(n, key);
  else link(n, key);
}

/* Neuron state and the event loop. */
static Projection projections[4]; /* exc->exc, exc->inh, inh->exc, inh->inh */
static double *q, *key_q, *refractory_end;
static int *fifo, *touched;
static int fifo_head, fifo_tail, n_exc;
static double now, gain_time, gain_value, refractory_gain;
static long spikes, events;
static const double GAP = THRESHOLD - REST, LOWERED = THRESHOLD - REST - KEY_MARGIN;

static double gain_at(double t) {
  if (t != gain_time) {
    gain_time = t;
    gain_value = exp(t / TAU);
  }
  return gain_value;
}
static void set_key_from(int j, double q_j, double start) {
  double early = TAU * log(q_j / LOWERED);
  if (early > start) {
    set_key(j, early);
    key_q[j] = GAP * q_j / LOWERED;
    return;
  }
  double exact = TAU * log(q_j / GAP);
  if (exact > start) {
    set_key(j, exact);
    key_q[j] = q_j;
    return;
  }
  set_key(j, start);
  key_q[j] = GAP * exp(start / TAU);
}
static void schedule(int j) { set_key_from(j, q[j], MAX(now, refractory_end[j])); }
static void fire(int j, double t) {
  spikes++;
  refractory_end[j] = t + REFRACTORY;
  q[j] = (RESET - REST) * gain_at(t) * refractory_gain;
  fifo[fifo_tail++] = j;
  schedule(j);
}
static void deliver(const Projection *p, int i, double w, double t) {
  const uint16_t *post = p->post;
  int start = p->start[i], end = p->start[i + 1];
  double gain = gain_at(t), dq = w * gain;
  events += end - start;
  if (w < 0) {
    for (int k = start; k < end; k++) {
      int j = post[k];
      if (t >= refractory_end[j]) q[j] += dq;
    }
    return;
  }
  int count = 0;
  for (int k = start; k < end; k++) {
    int j = post[k];
    if (t < refractory_end[j]) continue;
    double v = q[j] + dq;
    q[j] = v;
    if (v >= key_q[j]) touched[count++] = j;
  }
  for (int c = 0; c < count; c++) {
    int j = touched[c];
    if (q[j] >= GAP * gain) fire(j, t);
    else if (q[j] > key_q[j]) schedule(j);
  }
}
/* A neuron's key came up: fire if its crossing is due, else re-key (as the simulator's dueFast). */
static void due(int j, double t) {
  double q_j = q[j];
  if (q_j == key_q[j]) {
    fire(j, t);
    return;
  }
  double start = MAX(now, refractory_end[j]);
  double early = TAU * log(q_j / LOWERED);
  double due_by = t + 1e-9 * MAX(1, fabs(t));
  if (early > start && early > due_by) {
    set_key(j, early);
    key_q[j] = GAP * q_j / LOWERED;
    return;
  }
  double exact = TAU * log(q_j / GAP);
  if (MAX(exact, start) <= due_by) fire(j, t);
  else set_key_from(j, q_j, start);
}

static void build(uint32_t seed) {
  seed_rng(seed);
  int n_inh = n_neurons - n_exc;
  connect(&projections[0], n_exc, n_exc, 0);
  connect(&projections[1], n_exc, n_inh, n_exc);
  connect(&projections[2], n_inh, n_exc, 0);
  connect(&projections[3], n_inh, n_inh, n_exc);
  now = 0;
  gain_time = -1;
  fifo_head = fifo_tail = 0;
  spikes = events = 0;
  clear_queue();
  for (int j = 0; j < n_neurons; j++) {
    q[j] = RESET + (THRESHOLD - RESET) * uniform() - REST;
    refractory_end[j] = 0;
    schedule(j);
  }
}
static void run(void) {
  for (;;) {
    if (fifo_head != fifo_tail) {
      int i = fifo[fifo_head++];
      if (i < n_exc) {
        deliver(&projections[0], i, W_EXC, now);
        deliver(&projections[1], i, W_EXC, now);
      } else {
        deliver(&projections[2], i - n_exc, W_INH, now);
        deliver(&projections[3], i - n_exc, W_INH, now);
      }
      continue;
    }
    double t = top_key();
    if (t > SIMULATED_MS) break;
    now = t;
    due(best, t);
  }
}

static double ms_since(const struct timespec *a) {
  struct timespec b;
  clock_gettime(CLOCK_MONOTONIC, &b);
  return (b.tv_sec - a->tv_sec) * 1e3 + (b.tv_nsec - a->tv_nsec) / 1e6;
}

int main(int argc, char **argv) {
  n_neurons = argc > 1 ? atoi(argv[1]) : 4000;
  int repeats = argc > 2 ? atoi(argv[2]) : 5;
  if (n_neurons < 2 || n_neurons > 65536 || repeats < 1) {
    fprintf(stderr, "usage: event_driven_brette4 [neurons 2..65536] [repeats >= 1]\n");
    return 2;
  }
  n_exc = (int)lround(0.8 * n_neurons);
  init_gaps(P_CONNECT);
  refractory_gain = exp(REFRACTORY / TAU);
  for (int p = 0; p < 4; p++) {
    int pre = p < 2 ? n_exc : n_neurons - n_exc;
    projections[p].start = malloc(sizeof(int) * (pre + 1));
    projections[p].capacity = 1024;
    projections[p].post = malloc(sizeof(uint16_t) * 1024);
  }
  n_buckets = 16;
  while (n_buckets < n_neurons && n_buckets < 1 << 16) n_buckets *= 2;
  keys = malloc(sizeof(double) * n_neurons);
  far_keys = malloc(sizeof(double) * n_neurons);
  first = malloc(sizeof(int) * n_buckets);
  next = malloc(sizeof(int) * n_neurons);
  prev = malloc(sizeof(int) * n_neurons);
  position = malloc(sizeof(int) * n_neurons);
  far = malloc(sizeof(int) * n_neurons);
  order = malloc(sizeof(int) * n_neurons);
  q = malloc(sizeof(double) * n_neurons);
  key_q = malloc(sizeof(double) * n_neurons);
  refractory_end = malloc(sizeof(double) * n_neurons);
  touched = malloc(sizeof(int) * n_neurons);
  /* A neuron fires at most once per refractory period, so one second holds at most this many spikes. */
  fifo = malloc(sizeof(int) * (size_t)n_neurons * (size_t)(SIMULATED_MS / REFRACTORY + 1));

  printf("{\"peer\":\"event-driven-c\",\"neurons\":%d,\"simulatedMs\":%g,\"runs\":[", n_neurons, SIMULATED_MS);
  for (int r = -3; r < repeats; r++) {
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    build(1 + (uint32_t)((r + 3) % 3));
    double build_ms = ms_since(&t0);
    run();
    double total_ms = ms_since(&t0);
    if (r < 0) continue; /* warm-up */
    printf("%s{\"buildMs\":%.4f,\"runMs\":%.4f,\"spikes\":%ld,\"synapticEvents\":%ld}", r > 0 ? "," : "", build_ms,
           total_ms - build_ms, spikes, events);
  }
  printf("]}\n");
  return 0;
}
