#!/usr/bin/env python3
"""Generate the bundled demo data set: a Slack workspace export of a #learning-day channel.

Usage (from the project root)::

    .venv/bin/python scripts/make_demo_data.py

Writes ``src/ldtui/demo/data/`` (``users.json``, ``channels.json``, ``learning-day/*.json``),
replacing what is there. The output is deterministic (fixed seed, fixed dates): running the
script twice gives byte-identical files, so the committed data only changes when this script does.

What the data set looks like (see the product seed, ``learning-day.txt``): every Thursday is
Learning Day; each person posts a *plan* in their local morning and a *summary* at the end of
their day in one Slack channel. Eight Thursdays end on ``BASE_NEWEST_THURSDAY`` (2026-11-26);
the newest one is frozen "in progress" at ``SNAPSHOT`` (17:30 UTC): Asia/Pacific is done,
Europe is wrapping up, the Americas have plans but (almost) no summaries yet.
"""

from __future__ import annotations

import copy
import functools
import json
import random
import re
import shutil
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ldtui.demo import (
    BASE_NEWEST_THURSDAY,
    CHANNEL_NAME,
    DATA_DIR,
    rebuild_thread_metadata,
)

SEED = 20190801  # the day OpenAI's "Learning Day" post went up
TEAM = "T04LDAY7QZ"
CHANNEL_ID = "C0LDAY0001"
BOT_ID = "B05GKBT9RQ"
APP_ID = "A05GKBTAPP"
WEEKS = 8
THURSDAYS = [BASE_NEWEST_THURSDAY - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
SNAPSHOT = datetime(2026, 11, 26, 17, 30, tzinfo=UTC)
"""The export "was taken" at this instant: nothing later exists in the data."""
PARTICIPATION = [0.78, 0.84, 0.66, 0.88, 0.72, 0.63, 0.81, 0.86]
"""Share of the channel's members who take part in each Learning Day (oldest first)."""

TZ_LABELS = {
    "America/Los_Angeles": "Pacific Standard Time",
    "America/Denver": "Mountain Standard Time",
    "America/Chicago": "Central Standard Time",
    "America/New_York": "Eastern Standard Time",
    "America/Toronto": "Eastern Standard Time",
    "America/Sao_Paulo": "Brasilia Standard Time",
    "Europe/London": "Greenwich Mean Time",
    "Europe/Berlin": "Central European Time",
    "Europe/Warsaw": "Central European Time",
    "Africa/Lagos": "West Africa Standard Time",
    "Asia/Kolkata": "India Standard Time",
    "Asia/Kathmandu": "Nepal Time",
    "Asia/Singapore": "Singapore Standard Time",
    "Asia/Tokyo": "Japan Standard Time",
    "Australia/Sydney": "Australian Eastern Daylight Time",
    "Pacific/Auckland": "New Zealand Daylight Time",
}


@dataclass
class Person:
    """One channel member and their posting habits."""

    name: str
    real_name: str
    display_name: str
    tz: str | None
    title: str
    style: str = "plain"
    reliability: float = 0.8
    plan_hour: float = 9.5
    summary_hour: float = 16.5
    grace: str = ""  # "W": often plans on Wednesday evening; "F": often summarises on Friday
    join_week: int = 0
    last_week: int = WEEKS - 1
    deleted: bool = False
    admin: bool = False
    pinned_arc: str | None = None
    uid: str = ""
    queue: list[Pair] = field(default_factory=list)

    @property
    def zone(self) -> tzinfo:
        """The person's zone (UTC when they have none)."""
        return ZoneInfo(self.tz) if self.tz else UTC


LA, NY, SP = "America/Los_Angeles", "America/New_York", "America/Sao_Paulo"
LON, BER, WAW = "Europe/London", "Europe/Berlin", "Europe/Warsaw"

# fmt: off
PEOPLE = [
    Person("maya.chen", "Maya Chen", "Maya", LA,
           "Research Engineer, Robotics", "plain", 0.9, 9.0, 17.0),
    Person("diego.ramirez", "Diego Ramírez", "diego", LA,
           "Software Engineer", "colon", 0.8, 9.5, 16.5, "F"),
    Person("sam.oneil", "Samantha O'Neil", "Sam [ops] O'Neil", LA,
           "Infrastructure", "lower", 0.75, 10.4, 17.5),
    Person("hannah.kowalski", "Hannah Kowalski", "hannah.k", LA,
           "Mechanical Engineer", "plain", 0.85, 8.5, 16.0, pinned_arc="actuator"),
    Person("kenji.watanabe", "Kenji Watanabe", "kenji", LA,
           "Research Scientist", "hash", 0.9, 9.0, 18.0, "W", pinned_arc="sparse"),
    Person("aisha.bello", "Aisha Bello", "Aisha", LA, "Data Engineer", "til", 0.7, 10.0, 16.0),
    Person("jon.petersen", "Jon Petersen", "jonp", LA,
           "Engineering Manager, Robotics", "colon", 0.95, 8.5, 17.0, admin=True,
           pinned_arc="belllabs"),
    Person("ruth.abernathy", "Ruth Abernathy", "", "America/Denver",
           "Controls Engineer", "plain", 0.8, 8.3, 15.5),
    Person("marcus.lee", "Marcus Lee", "marcus", "America/Chicago",
           "Software Engineer", "emoji", 0.65, 10.0, 17.5),
    Person("olivia.grant", "Olivia Grant", "Liv", NY,
           "Research Scientist", "bold", 0.85, 9.0, 16.5),
    Person("noah.friedman", "Noah Friedman", "noah", NY,
           "Security Engineer", "plain", 0.6, 10.5, 18.0, "F"),
    Person("chioma.eze", "Chioma Eze", "Chioma", NY, "Research Engineer", "colon", 0.9, 8.8, 16.0),
    Person("ben.tran", "Ben Tran", "ben", NY,
           "Software Engineer, Infra", "til_lower", 0.7, 9.5, 17.0),
    Person("zeynep.arslan", "Zeynep Arslan", "Zeynep", NY,
           "Research Scientist", "plain", 0.85, 9.0, 17.5, "W"),
    Person("mateo.alvarez", "Mateo Álvarez", "Mateo", NY,
           "Software Engineer, Infra", "plain", 1.0, 9.6, 17.0, join_week=7),
    Person("dmitri.volkov", "Dmitri Volkov", "dmitri", "America/Toronto",
           "Research Engineer", "hash", 0.9, 9.5, 16.5, last_week=3, deleted=True),
    Person("rafael.souza", "Rafael Souza", "Rafa", SP,
           "Software Engineer", "lower", 0.75, 9.0, 17.0),
    Person("beatriz.lima", "Beatriz Lima", "Bia", SP, "Research Engineer", "plain", 0.8, 8.5, 14.4),
    Person("tom.hughes", "Tom Hughes", "tom", LON,
           "Site Reliability Engineer", "plain", 0.85, 9.5, 16.5, pinned_arc="fastai"),
    Person("fatima.rahman", "Fatima Rahman", "Fatima", LON,
           "Research Scientist", "colon", 0.9, 9.0, 16.0),
    Person("ian.mcallister", "Ian McAllister", "ian", LON,
           "Software Engineer", "til", 0.6, 10.0, 17.5, "F"),
    Person("grace.adeyemi", "Grace Adeyemi", "Grace A.", LON,
           "Product Engineer", "plain", 0.85, 9.0, 16.0, join_week=2),
    Person("lena.fischer", "Lena Fischer", "Lena", BER,
           "Research Scientist", "hash", 0.9, 8.5, 16.0, pinned_arc="diffusion"),
    Person("jonas.weber", "Jonas Weber", "jonas", BER,
           "Software Engineer", "plain", 0.7, 10.0, 18.0, "W"),
    Person("elif.demir", "Elif Demir", "Elif", BER, "Research Engineer", "bold", 0.8, 9.0, 17.0),
    Person("piotr.nowak", "Piotr Nowak", "piotr", WAW,
           "Software Engineer, Infra", "lower", 0.85, 9.0, 16.5, pinned_arc="raft"),
    Person("agnieszka.wojcik", "Agnieszka Wójcik", "Aga", WAW,
           "Data Scientist", "plain", 0.75, 8.5, 15.5),
    Person("tunde.balogun", "Tunde Balogun", "Tunde", "Africa/Lagos",
           "Software Engineer", "colon", 0.9, 9.0, 17.0, join_week=5),
    Person("ananya.iyer", "Ananya Iyer", "Ananya", "Asia/Kolkata",
           "Research Engineer", "plain", 0.9, 9.5, 17.5, pinned_arc="axler"),
    Person("vikram.rao", "Vikram Rao", "vikram", "Asia/Kolkata",
           "Software Engineer", "til_lower", 0.7, 10.0, 18.0),
    Person("sujan.shrestha", "Sujan Shrestha", "Sujan", "Asia/Kathmandu",
           "Research Engineer", "plain", 0.85, 9.0, 17.0, pinned_arc="english"),
    Person("lim.weiling", "Lim Wei Ling", "weiling", "Asia/Singapore",
           "Research Scientist", "emoji", 0.8, 9.0, 17.0),
    Person("yuki.tanaka", "Yuki Tanaka", "Yuki", "Asia/Tokyo",
           "Research Engineer", "plain", 0.85, 9.5, 17.5),
    Person("haruto.sato", "Haruto Sato", "haruto", "Asia/Tokyo",
           "Hardware Engineer", "colon", 0.65, 10.0, 18.0, "F"),
    Person("chloe.nguyen", "Chloe Nguyen", "Chloe", "Australia/Sydney",
           "Software Engineer", "plain", 0.8, 9.0, 16.0),
    Person("aroha.ngata", "Aroha Ngata", "Aroha", "Pacific/Auckland",
           "Research Scientist", "lower", 0.85, 8.5, 15.5, "W"),
    Person("liam.walker", "Liam Walker", "liam", "Pacific/Auckland",
           "Robotics Technician", "plain", 0.7, 9.5, 17.0, "F"),
    Person("alex.morgan", "Alex Morgan", "Alex (contractor)", None,
           "Contractor, Tooling", "plain", 0.6, 9.0, 17.0),
]
# fmt: on

BOT = Person("geekbot", "Geekbot", "", LA, "")
"""Stands in for the bot user when placing its posts in local time."""

STYLES: dict[str, tuple[str, str]] = {
    "plain": ("", ""),
    "colon": ("Plan: ", "Summary: "),
    "lower": ("plan: ", "summary: "),
    "hash": ("#plan ", "#summary "),
    "til": ("", "TIL: "),
    "til_lower": ("plan for today: ", "til: "),
    "bold": ("*Plan*\n", "*What I learned*\n"),
    "emoji": (":dart: ", ":white_check_mark: "),
}

# --------------------------------------------------------------------------------------------
# The text pool. "## arc KEY" starts a multi-week topic (steps separated by "--"), "## one" a
# one-day topic. "P>" plan, "S>" summary, "PR>"/"SR>" a thread reply to the plan/summary by
# "peer" (someone else awake at the time) or "author". Indented lines continue the previous
# line; a literal backslash-n is a newline. {peer} becomes a mention of a colleague, {author}
# a mention of the parent's author. Write &, < and > plainly: they are escaped like Slack does.
# --------------------------------------------------------------------------------------------
POOL = r"""
## arc axler
P> Starting Axler's *Linear Algebra Done Right*, ch. 1-2. Goal: stop treating span and linear
   independence as vocabulary words and actually be able to prove things with them.
S> Got through ch. 1 and most of ch. 2. The proof that a linearly independent list is never longer
   than a spanning list took me an hour and three pages of scribbles, but it clicked. Did 8 of the
   exercises, skipped the polynomial ones.
--
P> Axler ch. 3: linear maps, null space and range. Want to reach the fundamental theorem of linear
   maps today.
S> Fundamental theorem done (dim V = dim null T + dim range T). Writing the proof out without
   looking was the useful part, I got stuck twice on the "extend the basis" step.
   Matrices-as-linear-maps finally feels obvious instead of like a notation trick.
--
P> Axler ch. 5, eigenvalues and invariant subspaces. Bonus if I can connect it to why the Hessian's
   eigenvalues matter for our loss-landscape plots.
S> Eigenvalues done. The determinant-free proof that every operator on a complex vector space has
   an eigenvalue is beautiful. Did not get to the Hessian connection, next week.
--
P> Last Axler session for a while: ch. 7 (spectral theorem), then convince myself that the SVD is
   the spectral theorem in disguise.
S> Spectral theorem ok. Wrote a one-page note "SVD from the spectral theorem of T*T" and put it in
   the team doc. Writing it made me notice I'd been hand-waving about the ordering of singular
   values for years.
## arc sparse
P> Reading <https://arxiv.org/abs/1904.10509|Generating Long Sequences with Sparse Transformers>.
   Plan is to understand the strided and fixed attention patterns well enough to draw them on a
   whiteboard.
S> Read the paper twice. Strided vs fixed patterns make sense now; drew the masks for n=16 on paper
   and they match figure 3. Still don't get why recomputing attention in the backward pass saves
   that much memory in practice, need to read the kernel code.
--
P> Sparse Transformers part 2: implementing the strided attention mask in plain PyTorch (no custom
   kernel) and trying it on CIFAR-10 as a sequence of pixels like the paper.
S> Mask works and matches dense attention when the stride covers everything (nice sanity check).
   Training on pixels is slow without the kernel: 3.9 bits/dim after 2 hours, the paper gets 2.80
   with way more compute. Calling the implementation correct-ish.
--
P> Trying Sparse Transformers on a vision task that isn't generation: patch classification on a
   small ImageNet subset, fixed pattern vs dense attention at equal FLOPs.
S> Mixed result: sparse is ~1.4x faster per step at 1024 tokens but 2 points worse at the same wall
   clock. Probably my raster-scan patch order is dumb for the fixed pattern. {peer} suggested a
   Hilbert curve order, trying that next time.
## arc maml
P> Reptile and MAML day. Reading <https://arxiv.org/abs/1703.03400|MAML> first, then
   <https://arxiv.org/abs/1803.02999|Reptile>, then implementing Reptile on the sine-wave
   regression toy.
S> Read both. Reptile on sine waves is ~60 lines of numpy + autograd, and after 30k outer steps it
   fits a new sine from 10 points pretty well. The first-order MAML vs Reptile comparison in
   section 5 finally makes sense after doing it.
--
P> Second-order MAML on the same sine problem, so I can compare with last week's Reptile. Expecting
   pain with higher-order gradients.
S> Second-order MAML in JAX is just jax.grad of a function that itself calls jax.grad, way less
   painful than I expected. ~3x slower per step than Reptile and the final loss is basically the
   same on this toy. I get why people reach for first-order approximations.
--
P> Meta-learning wrap-up: Omniglot 5-way 1-shot with Reptile, to see whether the toy intuition
   survives a real dataset.
S> 89% on 5-way 1-shot, the paper reports ~95%. No transduction, smaller inner batch. Lost an hour
   to a bug where I normalized images differently for meta-train and meta-test :facepalm:
## arc ppo
P> Reading <https://arxiv.org/abs/1707.06347|PPO> properly, plus the "37 implementation details of
   PPO" blog post. I've used PPO for a year without really knowing why the clipped objective works.
S> Clipping finally makes sense as a cheap trust region. The implementation-details post was more
   useful than the paper, honestly: had no idea advantage normalization and orthogonal init
   mattered that much. Wrote down 10 details to check in our codebase.
--
P> PPO from scratch for CartPole and then LunarLander. Single file, torch + gymnasium, nothing
   else.
S> CartPole solved in ~40k steps. LunarLander plateaus around 120 reward. Found one bug (not
   bootstrapping the value on truncated episodes), still below the reference. Will diff against
   cleanrl line by line next time.
--
P> PPO debugging: diffing my LunarLander implementation against cleanrl's ppo.py until I find the
   difference.
S> Found it: I computed GAE with dones shifted by one step, so every episode boundary leaked value
   from the next episode. Fixed, 230+ reward in 500k steps. Lesson: the off-by-one is always in the
   dones.
SR> peer | {author} the dones off-by-one got me too last year :sweat_smile: great find
SR> author | glad it's not just me. adding a unit test for it at work tomorrow
## arc diffusion
P> Diffusion models from the ground up: <https://arxiv.org/abs/2006.11239|DDPM> plus Lilian Weng's
   blog post. Want to derive the simplified loss myself.
S> Derived ELBO -> simplified epsilon-prediction loss, with a lot of help from the blog post. The
   closed form for q(x_t | x_0) is the key trick, everything follows from it. Didn't get to code.
--
P> Training a tiny DDPM on MNIST: small UNet, 1000 steps, linear beta schedule.
S> It samples digits! Blurry-ish after 20 epochs but recognizable. Wasted 90 minutes on a
   broadcasting bug in the timestep embedding (shape [B] vs [B, 1]). Sampling 1000 steps is
   painfully slow, which is a good motivation for DDIM.
--
P> DDIM sampling on my MNIST model, and trying a cosine noise schedule.
S> DDIM with 50 steps gives samples about as good as 1000-step DDPM, neat. The cosine schedule
   helped a bit at low step counts. Now I want to understand classifier-free guidance, on the list.
## arc statefulset
P> Going through the Kubernetes
   <https://kubernetes.io/docs/tutorials/stateful-application/basic-stateful-set/|StatefulSet
   basics> tutorial on a local kind cluster. I keep hearing the infra folks say StatefulSet and
   nodding.
S> Did the whole tutorial. Stable network identity (web-0, web-1 behind a headless service) and
   ordered rollout were the aha moments. Now I see why our Redis runs as one. Scaling down and the
   PVCs staying behind surprised me.
PR> peer | {author} the headless service part is the confusing bit, ping me if you get stuck
PR> author | thanks, will do!
--
P> Running a 3-member etcd as a StatefulSet on kind and then killing pods to see what happens.
S> Killed pods a bunch of times; each comes back with the same name and the same PVC. Killing 2 of
   3 etcd members breaks quorum as expected and the cluster recovers when they return. Wrote it up
   for the team wiki.
## arc raft
P> Reading the <https://raft.github.io/raft.pdf|Raft paper> (extended version). Maybe start MIT
   6.824 lab 2A after.
S> Paper done, it's really well written. Leader election and the log matching property are clear.
   Didn't start the lab, spent the afternoon playing with the visualization on raft.github.io,
   which honestly helped more than the figures.
--
P> 6.824 lab 2A: Raft leader election, in Go. First Go I've written in years.
S> Leader election passes ~9 runs out of 10. The failure is two candidates voting for themselves in
   the same term; I think my election timeout randomization is too narrow. Go's race detector found
   two bugs I'd never have seen.
--
P> Raft lab 2B (log replication). The goal is 100 passing runs in a row.
S> 2B passes 94/100. Spent the day adding logging and reading logs, which taught me more about Raft
   than the paper did. The remaining failure is in the fast-backup optimization for conflicting
   entries.
--
P> Finishing the Raft 2B flakiness, then writing up what I learned for the infra team.
S> 100/100 on 2B! The bug: I reset the election timer when granting a vote only on one code path.
   Wrote a two-page "Raft for people who use etcd" doc. Next: 2C persistence, or a break from Raft.
SR> peer | {author} can you share the doc? would love to send it to the new infra hires
SR> author | <https://wiki.example.com/infra/raft-for-etcd-users|Raft for people who use etcd> --
   comments welcome
## arc rust
P> Rust: chapters 4-6 of the Rust book (ownership, structs, enums). Doing the exercises instead of
   just reading.
S> Ownership and borrowing make sense in the book's examples. Then I tried to port a small Python
   script and the borrow checker and I had a long conversation about a HashMap<String,
   Vec<String>>. I lost, then I understood why.
--
P> Rust: a small CLI that parses our training logs (JSONL) and prints step/loss percentiles. serde
   + clap.
S> CLI works and is 40x faster than the Python version on a 2 GB log :crab: Lifetimes still confuse
   me, I cloned my way out of two errors. serde derive is magic.
--
P> Rust ch. 16 (fearless concurrency) and making the log parser parallel with rayon.
S> rayon's par_iter over files was a one-line change and another 6x. Read the concurrency chapter;
   Send vs Sync still feels like a riddle, Arc<Mutex<T>> makes sense.
## arc interp
P> Starting Crafting Interpreters (the tree-walk half, in Python instead of Java). Scanner + parser
   today.
S> Scanner and a recursive-descent expression parser done. Precedence finally clicked once I wrote
   the grammar out by hand. The book is a joy.
--
P> Crafting Interpreters ch. 8-10: statements, scopes, functions.
S> Closures work! Took a while to get the environment chain right for recursion. I now understand
   what Python's "cell" objects are for.
--
P> Compilers, the real-world version: how XLA fuses ops, then reading the HLO dumps for one of our
   models.
S> Read the XLA overview + operation semantics. Dumped HLO for a small MLP: you can see bias-add +
   gelu fused into the matmul consumer, kind of cool. 800 lines of HLO for a 3-layer MLP though.
## arc actuator
P> Mechanical side project: designing a small linear actuator (lead screw + NEMA 17 stepper).
   Today: choosing the lead screw pitch and working out force vs speed.
S> Did the math: a T8 screw (8 mm lead) with ~0.4 N*m of torque gives ~300 N in theory, maybe 100 N
   after efficiency. Learned that lead-screw efficiency (~30%) is far worse than I assumed, and
   that ball screws exist for a reason.
--
P> Linear actuator: CAD the carriage and motor mount in Fusion 360, print v1.
S> Printed v1; the motor mount is 0.4 mm off so the coupler binds. Learned about designing
   clearances for FDM printing. v2 is printing overnight.
--
P> Actuator: wiring the TMC2209 driver and the limit switches, first moves.
S> It moves! 40 mm/s smoothly, stalls around 60 N (measured with a luggage scale, very scientific).
   Sensorless homing works ~70% of the time. Next: train a small net to reproduce the motor's
   behavior.
SR> peer | video or it didn't happen :movie_camera:
SR> author | <https://drive.example.com/actuator-first-moves.mp4|first moves.mp4>
   :slightly_smiling_face:
--
P> Actuator: logging motor current + commanded position at 1 kHz, then fitting a small net to
   reproduce the motor's behavior.
S> Collected ~20 minutes of data. An MLP on a 10-step history predicts position within 0.3 mm
   except when the load changes suddenly; a GRU does better. Very satisfying to connect the ML
   stuff to a thing on my desk.
## arc jax
P> JAX tutorial day: the official JAX 101 series (jit, grad, vmap, pytrees).
S> JAX 101 sections 1-5 done. vmap is the thing I'll actually use. Got bitten by "no in-place
   updates" (x.at[i].set) and by jit recompiling on every call because I passed a Python int where
   it wanted a static arg.
--
P> Porting our small PyTorch MLP benchmark to JAX + Flax, to compare step time honestly.
S> The JAX version is 1.3x faster per step after jit, but the first call takes 9 s to compile. Also
   realized my PyTorch baseline wasn't using torch.compile, so it's not a fair comparison yet.
   Inconclusive, which is also a result.
--
P> JAX: shard_map on 8 GPUs with a toy data-parallel loop. Still trying to answer "should the team
   switch frameworks?"
S> Data-parallel works with shard_map and a Mesh. The sharding annotations are elegant once they
   click; the error messages are rough. Writing a pros/cons doc for the team instead of a verdict.
## arc causality
P> Causality: Pearl's *Causal Inference in Statistics: A Primer*, ch. 1-2. Do-calculus by the end
   of the day, hopefully.
S> Ch. 1-2 done. Simpson's paradox explained with a causal graph was the best 20 pages I've read in
   months. Didn't reach do-calculus.
--
P> Causality part 2: the backdoor criterion and the do-operator, with the Primer's exercises.
S> Backdoor criterion makes sense; did 6 exercises, got 4 right. The front-door criterion still
   feels like a magic trick. Wondering whether any of this applies to our sim-to-real analysis.
--
P> Causal discovery: the PC algorithm (causal-learn) on synthetic data from a DAG I know.
S> PC recovers the skeleton of my 6-node DAG with 5k samples but orients two edges wrong. With 500
   samples it's garbage. Conditional independence tests need much more data than I'd have guessed.
## arc ebm
P> Energy-based models: <https://arxiv.org/abs/1903.08689|Implicit Generation and Generalization in
   Energy-Based Models> and the relevant part of LeCun's EBM tutorial.
S> Got the idea: learn an energy, sample with Langevin dynamics, push energy down on data and up on
   samples. The replay buffer is what makes it work. Need to code it to believe it.
--
P> EBM on 2D toy data (8 gaussians, two moons) with Langevin sampling.
S> Works on 8 gaussians after tuning the step size for ages, and the energy landscape plot looks
   great. Two moons kept collapsing to one moon until I added spectral norm. Unstable training is
   no joke.
## arc mackay
P> Information theory: MacKay ch. 2 (entropy, KL) and ch. 4 (source coding theorem). I want to
   finally know why cross-entropy loss is called that.
S> Ch. 2 done, ch. 4 half. The bent-coin examples are great. I can now explain why minimizing
   cross-entropy = minimizing KL to the data distribution + a constant. Skipped most exercises,
   will go back.
--
P> MacKay ch. 5-6: symbol codes, Huffman, arithmetic coding. Implementing arithmetic coding in
   Python.
S> Huffman in 30 lines. Arithmetic coding was harder: float precision dies after ~50 symbols, so I
   switched to the integer version with renormalization. Got within 1% of the entropy of my unigram
   model. Now I get why people say LMs are compressors.
## arc rethinking
P> Bayesian inference: Statistical Rethinking lectures 1-3 + chapter 2-3 exercises.
S> Lectures 1-3 watched (McElreath is a great teacher). Grid approximation of the globe-tossing
   posterior by hand in numpy. The small world / large world framing stuck with me.
--
P> Statistical Rethinking ch. 4 (linear regression, the Bayesian way), in numpyro instead of the R
   package.
S> Reproduced the !Kung height regression in numpyro; quap vs NUTS give nearly identical posteriors
   here. Too long fighting numpyro's plate syntax. Prior predictive simulation is something we
   should do at work too.
--
P> Hierarchical models (Rethinking ch. 13), applied to partial pooling of our per-task eval scores.
S> Hierarchical model of success rates over 40 eval tasks: partial pooling shrinks the tasks with 5
   episodes a lot, and the two "regressions" we panicked about last month are well within the
   noise. Sharing the notebook with the team.
## arc stats
P> Stats fundamentals: bootstrap and permutation tests, then checking how our eval dashboard
   computes error bars.
S> Implemented bootstrap CIs and a permutation test from scratch. Our dashboard does mean +/-
   std/sqrt(n) over 3 seeds, which is... optimistic. Writing a short proposal to bootstrap over
   seeds x episodes.
SR> peer | {author} +1, please do. the 3-seed error bars have bitten us more than once
--
P> Multiple comparisons (Bonferroni, Benjamini-Hochberg), since we compare ~30 checkpoints per
   sweep.
S> BH is easy to implement and makes sense. Ran it over last month's sweep: 4 of our 9
   "significant" improvements don't survive. Mildly depressing, very useful.
## arc belllabs
P> Management/history: *The Idea Factory* (Bell Labs), first third.
S> Read ~130 pages. Kelly deliberately mixed physicists, chemists and engineers in the same
   corridors, and the long-hallway building design was on purpose. Lots of parallels with why we do
   Learning Day.
--
P> Continuing The Idea Factory: the transistor chapters and Shannon.
S> Shannon's chapter is great: juggling, unicycles, and casually inventing information theory. The
   Shockley story is a cautionary tale about managing brilliant people badly. Took notes for the
   leads' book club.
## arc manhattan
P> Reading *The Making of the Atomic Bomb* (Rhodes), part 2. Interested in how Los Alamos organized
   research under a hard deadline.
S> ~100 pages. Oppenheimer's open colloquia across divisions (against Groves' compartmentalization)
   is the most relevant bit for us. Also: so many parallel bets on isotope separation.
--
P> Rhodes again, the Met Lab / Chicago Pile chapters. Then a one-pager on "parallel bets under
   uncertainty".
S> Wrote the one-pager: electromagnetic, gaseous diffusion, thermal diffusion AND plutonium, all
   funded in parallel because they couldn't afford to pick wrong. Not sure how it maps to research
   planning at our scale, but good discussion material.
## arc writing
P> Writing: The Sense of Style ch. 1-2, then rewriting the intro of my current design doc.
S> Pinker's "classic style" changed how I see my docs: I write as if I'm defending myself instead
   of showing the reader something. Rewrote the intro from 400 to 180 words. {peer} read it and
   said it's the first time they understood the proposal.
--
P> Writing practice: a blog-style explainer of our eval pipeline for new hires. Timebox 4h.
S> Draft done (~1500 words). Hardest part was deciding what to leave out. Two people gave feedback:
   the diagrams are the most useful part, so more diagrams.
## arc lstm
P> Implementing an LSTM language model from scratch (no nn.LSTM) and training it on Penn Treebank.
S> LSTM from scratch works: val perplexity ~128 after 10 epochs, 2 layers x 650 units (Zaremba et
   al. get ~82 with dropout and more epochs). Forgot gradient clipping at first and the loss went
   NaN in epoch 2.
--
P> Same setup but a small transformer LM from scratch on PTB, to compare with last week's LSTM.
S> Transformer from scratch: ~140 ppl, worse than my LSTM on this tiny dataset, overfits hard by
   epoch 6. Dropout 0.3 + weight tying gets it to ~118. Small data favors LSTMs, as everyone warned
   me.
## arc fastai
P> I'm an infra engineer learning ML. Today: fast.ai lessons 1-2, training an image classifier on
   my own photos.
S> Trained a ResNet-34 to tell my cat from my neighbour's cat, 96% accuracy :cat: Didn't understand
   most of what happened under the hood, but it works, which is motivating. Lesson 3 next week.
--
P> fast.ai lessons 3-4: what SGD actually does. Implementing the MNIST 3s-vs-7s model from scratch
   like the lesson.
S> Plain tensors: pixel-similarity baseline -> linear model -> 2-layer net. I finally understand
   what a gradient step does to the weights. Also learned that matrix multiplication is just a
   bunch of dot products, and I'm not ashamed to say it.
SR> peer | {author} love this. everyone learns it at some point :heart:
--
P> CNNs: implementing conv2d as im2col + matmul in numpy to see what the layer really does.
S> im2col conv matches torch.nn.functional.conv2d to 1e-6. The memory blowup of im2col is obvious
   once you do it by hand. Now I see why people talk about SRAM and tiling in kernels.
## arc slurm
P> Cluster management: how Slurm's backfill scheduler works, because I never understand why my jobs
   start when they do.
S> Backfill makes sense now: small jobs fill gaps if they won't delay the top job's estimated
   start. So my default --time=7-00:00 is why my jobs never backfill. Lowered it and a job started
   in 10 minutes instead of 3 hours :tada:
--
P> NCCL basics: ring vs tree all-reduce, then running nccl-tests across two nodes.
S> all_reduce_perf on 2 nodes: ~180 GB/s bus bandwidth inside a node, ~22 GB/s across (we're on 200
   Gb/s IB, so roughly line rate). The ring vs tree explanation in the NCCL docs is short and good.
## arc triton
P> My first Triton kernel: fused softmax, following the official tutorial.
S> Spent half the day fighting CUDA driver/toolkit versions on my devbox before writing a single
   line of Triton. The kernel itself took 40 minutes and is 1.8x faster than torch softmax at large
   widths. Grumpy but happy.
SR> peer | {author} which driver? the devbox image got updated last week
SR> author | 570 driver with a 12.8 toolkit. ended up just using the container image
--
P> Triton matmul tutorial: block tiling and SRAM reuse.
S> Got the tutorial matmul within 10% of cuBLAS at fp16 for big sizes. The L2-cache grouping trick
   (GROUP_SIZE_M) was the non-obvious part; drew the tile access order on paper to get it.
## arc entropy
P> Side research project: does annealing the entropy bonus matter in sparse-reward gridworlds?
   Setting up MiniGrid + a baseline today.
S> Baseline PPO on MiniGrid DoorKey-8x8 runs, 3 seeds at ~25 min each. Defined the grid (5
   annealing schedules x 5 seeds). Not much science yet, but the scaffolding is done.
--
P> Side project: running the entropy annealing sweep and plotting.
S> Linear annealing to 0 hurts, constant 0.01 is best, exponential decay in between. Seeds are
   noisy: 2 of 5 "constant" seeds fail completely. Honest conclusion: I need 20 seeds to say
   anything. Bite-sized research is still research.
--
P> Side project: the 20-seed overnight run finished, writing a short report.
S> With 20 seeds, constant vs exp-decay entropy is within the CI. So: no effect, which is a fine
   answer. One-page report with bootstrap CIs posted in #research-notes.
## arc ddd
P> Reading *Domain-Driven Design Distilled* (the short one). Our codebase has 2k-line "utils"
   modules and I want the vocabulary to fix that.
S> Read it all (it's short). Bounded contexts and ubiquitous language are what I'll use. Sketched a
   context map: sim, control, perception, data. "utils" belongs to all of them, which is exactly
   the problem.
--
P> DDD part 2: a throwaway branch that moves data loading into its own bounded context, just to
   learn.
S> Moved ~30 functions, found 4 circular imports and one function used in 11 places with 3
   different meanings of "episode". That naming mess alone justified the day. Bringing it to the
   arch sync.
## arc ddia
P> Database internals: *Designing Data-Intensive Applications* ch. 2-3 (storage engines, LSM trees
   vs B-trees).
S> LSM vs B-trees: write amplification, compaction, bloom filters. Now I know why our metrics store
   (LSM-based) is fast to write and slow to scan. Great book.
--
P> DDIA ch. 5 (replication) and ch. 9 (consistency and consensus), to connect with all the Raft
   posts in here.
S> Ch. 5 done, ch. 9 half. Linearizability vs serializability are finally separate things in my
   head. The split-brain examples are scary and familiar.
## arc control
P> Control theory basics: PID tuning, then LQR, with Steve Brunton's videos.
S> PID makes sense; hand-tuned one on a simulated cart-pole (Ziegler-Nichols overshoots a lot). The
   LQR derivation was over my head but scipy's solve_continuous_are worked first try. Want to
   compare LQR with our RL policy.
--
P> LQR vs our PPO balance policy on the cart-pole sim, with random pushes.
S> LQR is better near upright and useless far from it; the RL policy recovers from much bigger
   pushes but jitters. Cool to see why the robotics folks combine them.
## arc nanogpt
P> nanoGPT: reproducing a small GPT-2 style training run on one GPU (OpenWebText subset).
S> Training runs, loss 3.9 after 3h. Learned a ton from the data prep (memmapped uint16 token
   arrays!). The LR schedule is cosine with warmup, like everyone's.
--
P> nanoGPT part 2: adding rotary embeddings and comparing with learned positional embeddings.
S> RoPE implemented (getting the interleaving right took a while). At this scale it's 0.03 lower
   val loss than learned positions, small but consistent over 2 seeds.
## arc abbott
P> Fundamentals: starting *Understanding Analysis* (Abbott), ch. 1. I never took real analysis and
   it shows when I read optimization papers.
S> Ch. 1: the axiom of completeness and why sqrt(2) isn't rational. Did 10 exercises. Writing
   epsilon proofs is like learning a new language.
--
P> Abbott ch. 2: sequences and series, the Cauchy criterion.
S> Monotone convergence, Bolzano-Weierstrass, Cauchy sequences. Got stuck on the
   rearrangement-of-conditionally-convergent-series exercise; {peer} helped me out. Slowly getting
   faster at proofs.
--
P> Abbott ch. 4, continuity. Aiming for the intermediate value theorem proof.
S> IVT proved from the completeness axiom. Uniform continuity vs continuity finally has a picture
   in my head (delta can't depend on x). Three weeks in and I'm enjoying this more than I expected.
## arc ros
P> ROS 2 beginner tutorials (nodes, topics, services), then a publisher node for our IMU.
S> Beginner tutorials done (turtlesim is adorable). Wrote an IMU publisher node in Python. DDS QoS
   settings are a rabbit hole I'm avoiding for now.
--
P> ROS 2 part 2: tf2 transforms and showing the arm in RViz from our URDF.
S> URDF loads in RViz after fixing 3 mesh paths. The tf2 tree for the arm makes sense. Someone
   should have shown me `ros2 run tf2_tools view_frames` on day one.
## arc scaling
P> Kaplan et al., Scaling Laws for Neural Language Models, then fitting power laws to our own small
   runs.
S> Fit L(N) over 6 of our model sizes: exponent 0.071, close to the paper's 0.076. Six points in
   log-log space is shaky, but fun to see the law hold on our data.
--
P> Scaling part 2: muP (Tensor Programs V). Can we tune on a small model and transfer the
   hyperparameters?
S> muP parametrizes so the best LR doesn't move with width. Widths 128 -> 1024: with standard
   parametrization the best LR moved 8x, with muP it stayed put. Convincing demo.
## arc haskell
P> Haskell: Learn You a Haskell ch. 1-6, mostly to understand what people mean by "pure" and
   "monads".
S> Through ch. 6. Pattern matching and laziness are lovely, `take 10 (cycle [1,2,3])` made me
   smile. Didn't get to monads. The type errors are helpful once you learn to read them.
--
P> Haskell: monads (LYAH ch. 12-13) and a tiny parser combinator library.
S> Wrote a JSON-ish parser with my own combinators. Monads clicked as "values with a context and a
   way to chain them". Maybe. Ask me again next week.
## arc mujoco
P> MuJoCo internals: the computation chapter of the docs, how contacts and constraints are actually
   solved.
S> MuJoCo solves contacts as a convex optimization with soft constraints, which explains the
   solref/solimp parameters I'd been tuning blindly. Changed solimp on our gripper model:
   penetration went from 3 mm to 0.5 mm.
--
P> Writing a tiny 2D rigid-body simulator (boxes, impulses) to understand what MuJoCo does for us.
S> Boxes fall and bounce; a stack of 5 jitters and eventually explodes. Learned why warm starting
   and sequential impulses matter. Deep respect for physics engine authors.
## arc superposition
P> Interpretability: reading "Toy Models of Superposition".
S> Superposition in the toy model makes sense: with sparse features the model packs more features
   than dimensions. The phase diagrams are great. Didn't have time to reproduce anything.
--
P> Superposition part 2: reproducing figure 2 with a tiny model, then reading about sparse
   autoencoders.
S> Reproduced the figure in a notebook (5 features in 2 dims, pentagon and all). Read two posts on
   SAEs; the feature-splitting observation is fascinating.
## arc english
P> Writing in English: I'm a non-native speaker and my docs are too long. Working through *Writing
   for Computer Science* ch. 1-5.
S> Main lesson: one paragraph = one idea, topic sentence first. Rewrote my last RFC summary and
   {peer} said it reads much better. Also finally learned "which" vs "that".
--
P> Writing, continued: rewriting the "Results" section of my internal report using last week's
   rules, and reading about how to write good figure captions.
S> Results section went from 2 pages to 1. Captions now say what to look at, not just what's
   plotted. Feels like a real improvement, slow but worth it.
## one
P> Reading <https://arxiv.org/abs/1706.03762|Attention Is All You Need> again, slowly, with the
   Annotated Transformer side by side.
S> Second read with the code next to it. Finally understood why the scale is 1/sqrt(d_k) (variance
   of the dot product). Positional encodings still feel arbitrary to me.
PR> peer | {author} the Annotated Transformer is the best way to read it imo
## one
P> Reading the Adam paper and the AdamW paper back to back. Want to understand what "decoupled
   weight decay" actually decouples.
S> With Adam, L2 regularization gets divided by the adaptive denominator, so weights with big
   gradients are regularized less; AdamW applies the decay directly. Slightly embarrassed I used
   the wrong one in a project last year.
## one
P> Batch norm vs layer norm: reading both papers and implementing both in numpy, backward passes
   included.
S> Both implemented and gradient-checked. The batchnorm backward derivation took 2 hours on paper.
   Now I see why LN is preferred for transformers (no dependence on the batch at inference).
## one
P> Tokenizers: implementing byte-pair encoding from scratch on a small corpus.
S> BPE works on tiny-shakespeare: 500 merges, encode/decode round-trips. Now I understand why "
   the" and "the" are different tokens and why numbers get split weirdly.
## one
P> Watching Karpathy's "Let's build GPT" and coding along.
S> Coded along the whole 2 hours (took me 5). Char-level model writes fake Shakespeare. Building
   self-attention from a weighted average with a triangular mask was the clearest explanation I've
   seen.
## one
P> Convex optimization: Boyd & Vandenberghe ch. 2 (convex sets), slowly, with exercises.
S> Ch. 2 read, exercises 2.1-2.12 done. The separating hyperplane theorem is intuitive in 2D and I
   trust it in n-D now. Slow going but good.
## one
P> Gaussian processes: Rasmussen & Williams ch. 2 and GP regression in numpy.
S> GP regression in numpy with the Cholesky trick for stability. Played with lengthscales
   interactively, it's a very intuitive model. Marginal-likelihood hyperparameter fitting next
   time.
## one
P> Probability refresher: Seeing Theory chapters 1-3, then a Monty Hall simulation to finally
   convince my gut.
S> The simulation convinced my gut (switching wins 2/3). Seeing Theory was a nice refresher; turns
   out I'm rusty on when the CLT applies.
## one
P> eBPF: what is it, and can I profile our data loaders without touching the code? Brendan Gregg's
   intro + bpftrace one-liners.
S> bpftrace one-liners are magic: our dataloader workers spend ~35% of their time in page faults on
   mmap'd files. No idea yet what to do about it, but now it's a measurement instead of a hunch.
## one
P> Lean 4: the Natural Number Game.
S> Tutorial world, addition world and half of multiplication world. Induction in a proof assistant
   is humbling: "obvious" things take 10 lines. Weirdly addictive.
## one
P> Reading the FlashAttention paper and tracing the tiling on paper.
S> The online softmax (running max and running sum) is the whole trick. The IO-complexity argument
   is neat, and I can now explain why it's exact and not an approximation.
## one
P> Distributed training: the ZeRO paper, stages 1-3.
S> ZeRO 1/2/3 = shard optimizer state / + gradients / + parameters. Worked out memory per GPU for
   our 7B config at each stage on paper; stage 2 fits. The communication analysis was the hardest
   part.
## one
P> Mixed precision: fp16 vs bf16 and loss scaling, then checking what our trainer actually does.
S> bf16 has fp32's exponent range, so no loss scaling needed; fp16 needs it. Our trainer uses bf16
   but keeps a loss scaler around that does nothing. Filed a cleanup ticket.
## one
P> Sim-to-real: the domain randomization paper (Tobin et al.) and the ADR sections of the
   Dactyl/Rubik's cube paper.
S> Read both. ADR's idea of widening the randomization ranges as the policy improves is elegant.
   Noted 3 ideas for our sim pipeline, none of them small.
## one
P> Virtual world generation: Blender basics, then scripting it to make synthetic scenes for a
   vision experiment.
S> Donut tutorial parts 1-4 :doughnut: then Blender's Python API to randomize object poses and
   lighting. Rendered 200 images. The API is powerful and weird.
## one
P> VAEs: deriving the ELBO and training a VAE on MNIST.
S> ELBO derivation done (Jensen, then rearrange). The VAE trains and samples are blurry, as
   promised. Saw posterior collapse with my own eyes when I made the decoder too strong.
## one
P> Contrastive learning: SimCLR paper + implementing the NT-Xent loss.
S> NT-Xent implemented and tested against a slow reference. SimCLR on CIFAR-10, 100 epochs on one
   GPU: 78% linear probe. Batch size really matters, like the paper says.
## one
P> Git internals: Pro Git ch. 10 (objects, refs, packfiles), then poking around the .git of our
   monorepo.
S> Git is a content-addressed key-value store with a DAG on top, and once you see that, rebase
   stops being scary. Our monorepo's packfile is 11 GB, mostly old checkpoints someone committed in
   2021.
## one
P> Networking: TCP congestion control (CUBIC vs BBR), because our checkpoint uploads are slow.
S> CUBIC is loss-based, BBR models bandwidth and RTT. Tried BBR on one test node: uploads to the
   bucket went from 380 to 610 MB/s. Writing this up for infra, could be a cheap win.
## one
P> SRAM vs DRAM and the memory hierarchy: Hennessy & Patterson ch. 2.
S> Most of ch. 2. SRAM is 6 transistors per bit, DRAM 1 transistor + a capacitor that needs
   refreshing, hence small expensive caches. The roofline model connects nicely to the GPU kernel
   talks.
## one
P> Self-management: *High Output Management* ch. 1-4. My to-do list has 60 items and I need a
   better system.
S> Grove's "leverage" framing is useful: I'd been doing low-leverage things because they're quick.
   Triaged the list with it: dropped 22 items, delegated 6. Feels good, we'll see if it survives
   Monday.
## one
P> Prioritization: Deep Work part 1 (Newport), then blocking focus time in my calendar.
S> Not all of it convinced me, but "shallow work creeps in" hit home. Blocked three no-meeting
   mornings for next week. We'll see.
## one
P> Public speaking: preparing a 10-minute lightning talk on our eval harness and recording myself.
S> Recorded 4 takes. Take 1: 16 minutes and many "ums". Take 4: 10:30 and much clearer. Watching
   yourself is painful and very effective.
## one
P> SQL window functions, properly (I always just google them), on our experiment metadata DB.
S> ROW_NUMBER, LAG, running sums with frames. Rewrote a 200-line pandas script ("best checkpoint
   per run") as one query, 10x faster. Mind blown.
## one
P> Information retrieval: BM25 from scratch, then BM25 vs embedding search over our internal docs.
S> BM25 in 50 lines. On 30 hand-labelled queries over the wiki, BM25 beats the off-the-shelf
   embedding model on exact-term queries (error codes!) and loses on vague ones. Hybrid is probably
   the answer.
## one
P> PyTorch tutorial: custom autograd Functions, writing one for a straight-through estimator.
S> STE as a custom autograd.Function, gradcheck passes. Learned about ctx.save_for_backward and why
   you shouldn't stash tensors as attributes.
## one
P> What does torch.compile actually do? Reading the TorchDynamo/Inductor docs and compiling our
   model.
S> Dynamo traces Python bytecode into FX graphs, Inductor emits Triton kernels. Our model had 14
   graph breaks, mostly from a logging call inside forward(). Removed it: 1.25x faster.
## one
P> Numerical linear algebra: why isn't my covariance matrix positive definite? Cholesky,
   conditioning, jitter.
S> Condition number of our feature covariance is ~1e9, so float32 Cholesky fails. 1e-6 * I jitter
   works, but now I understand it's a band-aid; whitening first is cleaner.
## one
P> Kalman filters: "Kalman and Bayesian Filters in Python", ch. 1-4.
S> g-h filter -> discrete Bayes -> 1D Kalman filter. The book builds intuition before the matrices,
   perfect for me. Wrote a 1D KF for the noisy encoder readings from our arm.
## one
P> Robot kinematics: FK/IK for a 2-link arm, then a 6-DOF arm with the Modern Robotics book.
S> 2-link IK solved analytically. 6-DOF: numerical IK with the Jacobian pseudo-inverse (Modern
   Robotics ch. 6). Singularities are real and annoying. The product of exponentials formula is
   elegant.
## one
P> History of technology: *Chip War*, first half.
S> A page-turner. How yield learning curves drove the whole industry's economics was new to me.
   ~180 pages.
## one
P> Model-based RL: the World Models paper and the intro of DreamerV3.
S> World Models fully, DreamerV3 through section 3. The symlog transform is so simple. Would like
   to try a tiny world model on CartPole pixels at some point.
## one
P> RL fundamentals: Sutton & Barto ch. 6 (TD learning), with the cliff-walking example.
S> Cliff walking: SARSA takes the safe path, Q-learning walks the edge and falls during training.
   Seeing it plotted made on-policy vs off-policy concrete. Discounted reward finally means more
   than the formula to me.
## one
P> Deriving the policy gradient theorem from scratch, then REINFORCE with a baseline.
S> Derived it with the log-derivative trick. REINFORCE on CartPole works but the variance is huge;
   a learned value baseline cut it ~3x. PPO's advantage estimation makes more sense now.
## one
P> Quantization: the LLM.int8() paper, then bitsandbytes on a 1B model.
S> Outlier features are why naive int8 breaks. int8 on the 1B model: perplexity +0.02, memory
   halved, but slower than fp16 on my GPU. Not what I expected.
## one
P> Profiling: learning to read PyTorch profiler traces and Nsight Systems for our training step.
S> 18% of step time was a host-device sync from a .item() in the loss logging. Moved logging to
   every 50 steps. Profiling is a skill I've been avoiding for too long.
## one
P> Reading Shannon's 1948 "A Mathematical Theory of Communication", part I.
S> Surprisingly readable. Entropy derived from three reasonable axioms in a page. The English-text
   approximations (first-order, second-order...) are basically n-gram LMs, in 1948.
## one
P> Data structures refresher: a skip list and a B-tree in Python.
S> Skip list done and benchmarked against a sorted list + bisect (bisect wins below 100k elements,
   lol). B-tree insert works, delete is half done; the rebalancing cases are tedious.
## one
P> Kubernetes operators: the kubebuilder tutorial (CronJob controller).
S> Got through the book up to the reconcile loop. "Level-triggered, not edge-triggered" is the main
   takeaway. I could have used Go generics twice.
## one
P> Go: the Tour of Go, then rewriting our bash GPU-node health check in Go.
S> Tour done. Health check rewritten; goroutines + errgroup make the parallel ssh checks really
   clean. The error-handling verbosity is real.
## one
P> Reading the Chinchilla paper and redoing the compute-optimal calculation for our model sizes.
S> Rule of thumb: tokens ~ 20 x params. By that our 1.3B model is undertrained by ~4x. Reproduced
   their approach 2 (IsoFLOP curves) from the paper's numbers in a notebook.
## one
P> Estimation theory: MLE vs MAP, Fisher information and the Cramer-Rao bound.
S> Derived the CR bound for a Gaussian mean and checked it numerically. "Fisher information =
   curvature of the log-likelihood" finally clicked. Now I want to read about natural gradient.
## one
P> Natural gradient and K-FAC: Martens' "New insights and perspectives on the natural gradient
   method", sections 1-6.
S> Dense. Natural gradient = steepest descent in distribution space with the KL metric, and K-FAC
   approximates the Fisher with per-layer Kronecker factors. Sections 9+ are for another day.
## one
P> GNNs: Distill's "A Gentle Introduction to Graph Neural Networks", then a GCN on Cora.
S> GCN on Cora: 81% test accuracy, matches the paper. Message passing as a sparse matmul is simple
   once you see it. Distill articles are a treasure.
## one
P> Mechanical engineering: gear trains, backlash and harmonic drives (why does every cobot joint
   have one?).
S> Harmonic drives: huge reduction ratios, near-zero backlash, tiny package; that's the answer.
   Watched a teardown with the flexspline in slow motion. Still don't fully get the tooth-count
   math.
## one
P> FEA basics in Fusion 360 for the gripper finger that keeps snapping, plus PLA vs PETG vs nylon
   stiffness.
S> FEA shows the stress concentrating exactly where the last finger snapped. A 3 mm fillet drops
   max stress by ~40%. PETG for v2. FEA is fun and probably misleading in ways I don't know yet.
## one
P> Electronics: soldering practice and reading a full datasheet (BNO085 IMU).
S> Soldered the breakout without bridging anything (first time!). Read the I2C section end to end
   and got quaternions streaming to a Pi. Datasheets are less scary once you've read one fully.
## one
P> Type theory: *Types and Programming Languages* (Pierce), ch. 1-5.
S> Untyped arithmetic and the untyped lambda calculus. Church numerals are cute and useless. Wrote
   the small-step evaluator in Python. Slow book, in a good way.
## one
P> Python internals: how the GIL works and what changes with free-threaded 3.13.
S> Read PEP 703 and watched two talks: biased reference counting + per-object locks. CPU-bound
   thread pool on 3.13t: 3.6x on 4 cores. Extension compatibility is the big caveat.
## one
P> Async Python: reading the asyncio docs end to end and writing a rate-limited crawler.
S> TaskGroup, Semaphore, and why you must never call blocking code in a coroutine. Crawler works
   with 20 concurrent requests. The event loop is less magic now.
## one
P> Linear regression five ways: normal equations, QR, SVD, gradient descent and PyTorch. Comparing
   numerical stability.
S> All five agree on a well-conditioned problem. On an ill-conditioned one the normal equations are
   off in the 4th digit while QR/SVD are fine. Never writing inv(X.T @ X) again.
## one
P> "Deep Reinforcement Learning that Matters" (Henderson et al.) on seeds and reproducibility.
S> Sobering figures: two sets of 5 seeds of the SAME algorithm look like different algorithms.
   Reporting 10 seeds minimum from now on.
## one
P> LLM evals: the HELM paper's taxonomy sections.
S> The scenarios x metrics grid helps me see what our eval suite doesn't cover (calibration,
   robustness). ~40 pages read; it's long.
## one
P> Security for ML infra: pickle-based supply-chain attacks and safetensors.
S> pickle.load on a checkpoint can run arbitrary code; wrote a 5-line proof of concept to convince
   myself. safetensors avoids it. Found 3 places where we still torch.load files from outside;
   tickets filed.
## one
P> Graphics: Ray Tracing in One Weekend, in C++.
S> Up to chapter 9 (metal). Shiny spheres came out and I felt like a wizard. The C++ build setup
   ate an hour. Monte Carlo integration here is the same idea as RL returns, kind of.
## one
P> Monte Carlo methods: importance sampling, control variates, then Metropolis-Hastings.
S> Importance sampling variance explodes when the proposal is too narrow; saw it on a toy. MH on a
   2D banana works with ~23% acceptance after tuning the step (the magic number is real).
## one
P> Using a debugger properly (pdb++ and VS Code) on our training loop instead of print statements.
S> Conditional breakpoints and post-mortem debugging (python -m pdb -c continue) changed my life.
   Found in 10 minutes a bug I'd been print-debugging for 2 days last week.
## one
P> Category Theory for Programmers ch. 1-3. Mostly curious why the Haskell folks talk about it so
   much.
S> Categories, composition, types as objects. Abstract, but "composition is the essence of
   programming" is a nice frame. Not sure it will change my code. Fun though.
## one
P> How the Apollo Guidance Computer was programmed (Margaret Hamilton's team): priority scheduling
   and the 1202 alarm.
S> The 1202 alarm was executive overflow; the scheduler shed low-priority jobs and the landing
   continued. Designing for graceful overload in 1969 with a few KB of RAM. Humbling.
## one
P> Compression: implementing LZ77 and reading how zstd's entropy stage works.
S> Naive LZ77 with a sliding window: ~2.4x on source code. zstd's FSE is tANS; read Yann Collet's
   blog series and understood the table construction at maybe 50%.
## one
P> CUDA programming model basics (blocks, warps, shared memory) from the CUDA C programming guide.
S> Wrote a naive and a shared-memory tiled matmul in CUDA C; tiled is 6x faster. Learned warp
   divergence and bank conflicts by actually hitting them.
## one
P> Reading the MuZero paper.
S> The learned model only has to predict reward, value and policy, not observations. The MCTS
   details in the appendix took a while. Very elegant; no idea how to make it practical for our
   tasks.
## one
P> Imitation learning: behavior cloning failure modes, DAgger, and GAIL.
S> Compounding errors in BC, explained beautifully by the DAgger paper's O(T^2) vs O(T) bound. GAIL
   is "a GAN where the generator is a policy". Want to try BC vs DAgger on our teleop data.
## one
P> Differential equations refresher: 3Blue1Brown's DE series, then a damped spring with Euler vs
   RK4.
S> Euler blows up with big steps, RK4 is fine, and symplectic Euler conserves energy nicely for the
   undamped spring. Neural ODEs make more sense now.
## one
P> Mixture of experts: the Switch Transformer paper and its load-balancing loss.
S> Top-1 routing + the auxiliary balancing loss; capacity factor and dropped tokens were new to me.
   In my toy MoE layer half the experts died until I added the aux loss.
## one
P> Hamming's "You and Your Research", then the first chapters of The Art of Doing Science and
   Engineering.
S> "If you don't work on important problems, it's unlikely you'll do important work." Also the open
   door vs closed door observation from Bell Labs. Made a list of the 5 most important problems in
   my area. Uncomfortable exercise.
## one
P> Differential privacy basics: Dwork & Roth ch. 1-3.
S> Laplace mechanism, composition, epsilon as a budget. Implemented a DP count query. DP-SGD next
   time maybe.
## one
P> Something totally unrelated: recommender systems. Matrix factorization and the Netflix prize
   write-ups.
S> ALS matrix factorization on MovieLens-100k, RMSE 0.92. The Netflix prize blending write-ups are
   wild: 100+ models in the final ensemble.
## one
P> Learning-rate schedules: warmup, cosine, WSD. Small sweep on a tiny LM.
S> Warmup matters a lot for Adam at high LR (without it: divergence at step 200). WSD matched
   cosine at the end and lets you stop anytime. 12 runs, all on one GPU.
## one
P> plan: finish the last 2 lectures of the CS231n backprop module and do assignment 1's two-layer
   net
S> done with the lectures, two-layer net gets 52% on CIFAR-10. vectorizing the backward pass of the
   softmax was the hard bit. proud of myself ngl
## one
P> reading up on StatefulSet vs Deployment because I keep getting it wrong in infra meetings lol.
   short day, dentist in the afternoon
S> Deployment = interchangeable pods, StatefulSet = pods with identity + their own storage. Read
   the docs and two blog posts, that's it for today.
## one
P> Python packaging: how wheels, sdists and build backends actually work. Moving a side project to
   pyproject + uv.
S> Wheels are just zip files with a naming convention, who knew. Moved my project from setup.py to
   pyproject + hatchling. uv is absurdly fast.
## one
P> Neural Networks: Zero to Hero, the micrograd episode. Writing micrograd myself without pausing
   the video too much.
S> micrograd done, plus a tiny MLP on the moons dataset. Backprop is just the chain rule applied in
   topological order, and now I actually believe it.
## one
P> Fundamentals: matrix calculus. I always cheat with autograd; today I derive the gradients of a
   linear layer + softmax cross-entropy by hand.
S> Derived dL/dW = X^T (softmax - y) / N by hand and checked it numerically. The trick is to write
   out indices first and only then go back to matrix form. It's fine to say I learned matrix
   calculus today, right? :sweat_smile:
## one
P> Reading Sutton's "The Bitter Lesson" and some responses to it, then writing down what I actually
   think.
S> Wrote ~600 words. My take: it's about which methods scale, not that domain knowledge is useless;
   the knowledge moves into the data and the environment. Writing it clarified what I believe.
## one
P> Video compression (H.264: I/P/B frames, motion vectors) for our teleop streaming latency
   problem.
S> B-frames add latency because they reference future frames, and our encoder config has them on.
   Turning them off should save ~2 frames. Testing on Monday, not on Learning Day :)
## one
P> Trying marimo notebooks for an exploration of our robot logs.
S> marimo's reactive cells caught a stale-variable bug that Jupyter had hidden from me for weeks.
   Converted one notebook; jury's still out for heavy plotting.
## one
P> How to write a good experiment design doc: reading 3 of our best internal ones and extracting a
   template.
S> Common structure: hypothesis, what would change our mind, cheapest experiment first, compute
   budget. I always skipped "what would change our mind". Template written and used for my next
   experiment.
## one
P> The Toyota Way, chapters 1-5. Curious whether "stop the line" applies to our CI.
S> Andon cord: anyone can stop the line when they see a defect. Our flaky-test culture is the
   opposite. Proposing a "red main blocks merges" experiment to the team.
## one
P> Speech: the Whisper paper, then whisper.cpp on my laptop.
S> 680k hours of weak supervision is the whole story. whisper.cpp runs the small model in real time
   on my laptop CPU. Transcribed our last all-hands with few errors (it hates our product names).
## one
P> Quantum computing 101: Nielsen & Chuang ch. 1, qubits and gates.
S> Bloch sphere, Hadamard and CNOT, no-cloning. Wrote a 3-qubit statevector simulator in numpy and
   ran Deutsch-Jozsa. The linear algebra from the last months paid off!
## one
P> Half day (on call this week): the Baidu ring-allreduce write-up and the Horovod paper.
S> Only got ~2 hours between pages. Ring allreduce is bandwidth-optimal: each GPU sends 2(N-1)/N of
   the data regardless of N. That's it for today.
## one
P> Hyperparameter optimization: Hyperband / ASHA, then Optuna on a small CNN.
S> ASHA kills bad trials early and saved ~70% of the compute on my toy sweep. Nice API. Results are
   only as good as the early metric though: one good config got killed early.
## one
P> Regex, properly: lookaheads and backrefs via regex crosswords, then Russ Cox's articles on regex
   engines.
S> Beginner + intermediate crosswords solved. Russ Cox's Thompson NFA vs backtracking article
   explains why some of our log-parsing regexes take seconds. Catastrophic backtracking is real.
## one
P> How RLHF works: the InstructGPT paper.
S> SFT -> reward model from comparisons -> PPO with a KL penalty to the SFT model. I had
   underestimated the KL penalty. Labeller agreement around 73% was interesting.
## one
P> Bayesian optimization: GP + expected improvement on a 1D toy, then 5D.
S> EI in 1D works beautifully. In 5D with 30 evaluations it barely beats random search. Curse of
   dimensionality, as promised.
## one
P> Calculus revisited: Taylor series and why Newton's method converges so fast.
S> Newton from the 2nd-order Taylor expansion; quadratic convergence shown numerically in 1D. In
   high dimensions the Hessian inverse is the whole problem, hence L-BFGS.
## one
P> Reading the Mamba paper (selective state spaces).
S> Got the selective scan and the hardware-aware parallel scan. Needed the S4 background, skimmed
   that too. Can't judge yet whether SSMs beat attention at our sequence lengths.
## one
P> Better plots: Fundamentals of Data Visualization (Wilke), the chapters on color and small
   multiples.
S> Redid our weekly eval plot as small multiples instead of 12 overlapping lines, with a
   colorblind-safe palette. People commented on it in standup, a first.
## one
P> The forward-forward algorithm paper (Hinton), out of curiosity.
S> Interesting but not convinced. On MNIST: 1.9% error vs 1.3% for backprop with the same net, and
   5x slower. Backprop is hard to beat.
## one
P> Parquet internals (row groups, column chunks, dictionary encoding), because our dataset loading
   is slow.
S> Our files have a single 2 GB row group each, so every read pulls everything. Rewrote one shard
   with 128 MB row groups: selective reads 9x faster. Parquet is not magic, just well designed.
## one
P> Consistent hashing vs rendezvous hashing, for our dataset shard assignment.
S> Rendezvous hashing is simpler than the ring with the same minimal-movement property. Both in ~40
   lines. Proposing rendezvous for shard-to-worker assignment.
## one
P> Cross-functional day: reading the hardware team's docs on how the hand's tendons and motors are
   controlled.
S> Learned the tendon routing and why the fingertip force estimate is so noisy (friction in the
   sheaths). Makes me look at our "sensor noise" augmentation very differently.
## one
P> The Deep Learning book (Goodfellow et al.) ch. 5, ML basics, which I skipped when I started.
S> Bias-variance, MLE as minimizing KL, capacity. Most of it I "knew", but the formal version
   filled gaps, e.g. why MSE = MLE under Gaussian noise.
## one
P> Tabular ML as a software engineer: Kaggle Titanic end to end.
S> 0.78 with gradient boosting after extracting titles (Mr/Mrs/Master) from names. Learned what
   leakage is by doing it on my first try (imputed using the full data).
## one
P> How XGBoost works: second-order Taylor expansion and split finding.
S> XGBoost paper sections 2-3: the split gain formula falls out of the 2nd-order expansion, clever.
   Skimmed the weighted quantile sketch.
## one
P> Conjugate priors (Beta-Binomial, Gamma-Poisson) with a small A/B test example.
S> Beta-Binomial A/B test with posterior plots and P(B > A) by Monte Carlo. Conjugacy is a neat
   trick, but I see why people just use MCMC now.
## one
P> Seemingly unrelated areas: protein design with diffusion (RFdiffusion).
S> Diffusion over backbone frames (rotations + translations) with RoseTTAFold as the denoiser.
   Frames as SE(3) elements is a nice link to robotics. Understood ~50%.
## one
P> DuckDB for log analysis instead of pandas.
S> DuckDB queries 3 GB of parquet logs in ~2 s from a notebook, no server. Rewrote two analyses.
   Convert.
## one
P> Nix: can it fix our "works on my machine" problems? Nix pills 1-8.
S> The store model (hash-addressed, immutable) is brilliant; the language is an acquired taste. Got
   a dev shell for our repo mostly working, except CUDA. Always CUDA.
## one
P> *The Dream Machine*, the chapters on Licklider and ARPA's funding model.
S> "Fund people, not projects" and the program manager role. Interesting contrast with the
   Manhattan project's centralization. ~90 pages.
## one
P> Signal processing basics (Fourier transform, sampling theorem, aliasing) with numpy, on our IMU
   data.
S> The FFT of the IMU data shows a peak that turns out to be 120 Hz motor vibration aliased into
   our 200 Hz sampling. Nyquist in the wild! Suggested a low-pass filter before downsampling.
## one
P> Code review: Google's review guide, then re-reviewing 5 of my old PRs as an exercise.
S> Review design first, details later, and prefix nits with "nit:". Re-reading my old reviews, I
   focused on style over design in most of them.
## one
P> How Bazel remote caching works, since our CI takes 40 minutes.
S> Bazel hashes action inputs, so cache hits need hermetic actions. Our Python tests read env vars,
   so they aren't hermetic. That's probably most of our cache misses.
## one
P> Attention variants: MQA, GQA, and why the KV cache size matters for inference.
S> KV cache for our 7B at 8k context: ~4 GB per sequence with MHA, ~0.5 GB with GQA-8. That's the
   whole reason GQA exists. Simple arithmetic, big consequence.
## one
P> Meta: "Learning How to Learn" (Coursera), seems relevant for Learning Day.
S> Focused vs diffuse mode, chunking, spaced repetition. Set up Anki for the linear algebra
   definitions I keep forgetting. Half the course done.
## one
P> Grasp planning: antipodal grasps and force closure.
S> Force closure and friction cones make sense; wrote a simple antipodal grasp sampler for 2D
   shapes. It shows why our parallel-jaw gripper fails on round objects: tiny friction-cone
   margins.
## one
P> Reading the original backprop paper (Rumelhart, Hinton & Williams, 1986). Short and historic.
S> Four pages! Generalized delta rule, hidden units learning useful representations, the
   mirror-symmetry task. Remarkable how modern it reads.
## one
P> Spreadsheets (pivot tables, QUERY), because our ops team lives in them and I want to speak their
   language.
S> Pivot tables and QUERY() are basically SQL GROUP BY. Built the GPU-usage-per-team sheet ops
   asked for in 20 minutes. Cross-functional in the other direction :)
## one
P> Elo, Bradley-Terry and TrueSkill, for ranking our checkpoints from pairwise comparisons.
S> Elo is an online logistic model and Bradley-Terry its batch version; TrueSkill adds uncertainty.
   Bradley-Terry on last month's side-by-sides agrees with Elo except for two close checkpoints.
## one
P> Engineering postmortems: the Hubble mirror and a few others, for our own postmortem culture.
S> The null corrector was off by 1.3 mm, and a test that showed the error was dismissed. "Distrust
   the test that agrees with you." Shared 3 postmortems in #eng-culture.
## one
P> Probabilistic graphical models: belief propagation on a small factor graph, by hand first.
S> Sum-product on a tree is exact; did a 4-node chain by hand, then in code. Loopy BP on a cycle
   converged to something close but not exact. Message passing again, it's everywhere.
## one
P> Writing: turning my notes from the last weeks into a draft for the internal learning digest.
S> ~1200 words on "what I learned reimplementing 3 papers". Main point: the first 80% of a
   reimplementation gives you 20% of the insight; the debugging gives you the rest.
## one
P> Plan for today:\n1. finish the FlashAttention-2 paper\n2. read the Triton implementation\n3. if
   time: write notes for the reading group
S> 1 done, 2 half done (the causal masking loop is clever), 3 not started. FA2's main change vs FA1
   is parallelizing over the sequence dimension and fewer non-matmul FLOPs.
## one
P> today:\n- Bishop PRML ch. 1 (curve fitting, probability)\n- redo the polynomial overfitting
   figure in numpy
S> - ch. 1 done, the Bayesian curve fitting section was the best part\n- figure reproduced, M=9
   overfits beautifully\n- didn't get to exercises
## one
P> RL reading: Soft Actor-Critic (SAC) paper and the automatic entropy tuning follow-up.
S> Max-entropy RL and why the soft Q target has the -alpha*log(pi) term. Automatic alpha tuning as
   a constrained optimization is neat. Didn't code anything, reading only today.
## one
P> Distributed systems: Lamport's "Time, Clocks, and the Ordering of Events".
S> Happens-before, logical clocks, and the mutual exclusion algorithm. Short paper, dense ideas.
   The physical clock section at the end I mostly skimmed.
## one
P> Fundamentals: eigendecomposition + PCA by hand on a small dataset, then comparing with sklearn.
S> Centered, computed the covariance, eigen-decomposed, projected. Matches sklearn up to sign flips
   (which confused me for 20 minutes). PCA is just a change of basis to the covariance
   eigenvectors.
## one
P> Learning about Flash storage and why our NVMe drives slow down when they're nearly full.
S> Write amplification + garbage collection in the FTL. Over-provisioning is why enterprise drives
   "waste" capacity. Our scratch disks sit at 97% full, so that explains the stalls.
## one
P> Diffusion policy for robotics: reading the Diffusion Policy paper (Chi et al.).
S> Actions as a denoised sequence, conditioned on observations; action chunking helps with
   multimodal demos. Very relevant for our teleop data. Want to try it on the pushing task.
## one
P> Optimization fundamentals: why momentum works, with the Distill article and my own plots.
S> Momentum as a damped oscillator, and the condition-number story. Reproduced the "critical
   damping" plot. I'll stop picking beta=0.9 without thinking, maybe.
## one
P> Typing in Python: mypy strict on one of our packages, and reading about Protocols and TypeVars.
S> mypy --strict found 140 errors, ~10 of them real bugs (two Optional returns nobody checked).
   Protocols are great for our plugin interfaces.
## one
P> Learning about LoRA and parameter-efficient fine-tuning, then a LoRA fine-tune of a small model.
S> LoRA on a 350M model with rank 8: 0.3% of the parameters trained, close to full fine-tuning on
   my small task. Merging the adapters back in is one matmul. Clear why it's everywhere.
## one
P> Robotics perception: camera calibration and hand-eye calibration with OpenCV.
S> Intrinsics from a checkerboard were easy. Hand-eye calibration (AX = XB) took most of the day
   and my result is 4 mm off. Learned that the pose diversity of the samples matters more than
   their number.
## arc rl-book
P> Starting Sutton & Barto from the beginning, ch. 2 (multi-armed bandits). Doing the 10-armed
   testbed in numpy.
S> Epsilon-greedy vs UCB vs gradient bandits on the 10-armed testbed, figures reproduced.
   Optimistic initial values are a cute trick. Good to finally do this properly instead of
   hand-waving "exploration".
--
P> Sutton & Barto ch. 3-4: MDPs, Bellman equations, policy iteration on the gridworld and Jack's
   car rental.
S> Policy iteration on Jack's car rental works and the policy plot matches the book. Writing the
   Bellman expectation equation out for a tiny MDP by hand made value functions concrete.
--
P> Sutton & Barto ch. 5, Monte Carlo methods, with the blackjack example.
S> MC prediction and MC control with exploring starts on blackjack; my value surface matches figure
   5.1 after 500k episodes. Importance sampling for off-policy MC is where it got hard, will
   reread.
## arc mlir
P> Compilers again: the MLIR Toy tutorial, chapters 1-3.
S> Dialects, operations, and pattern rewrites. The tutorial is well structured but the C++
   boilerplate is heavy. Now I roughly know what people mean by "lowering through dialects".
--
P> MLIR Toy ch. 4-5: shape inference and partial lowering to affine loops.
S> Shape inference via interfaces makes sense. Lowering to affine worked after fighting CMake for
   an hour. The affine dialect is basically polyhedral loops you can read.
## arc prml
P> Bishop PRML ch. 3: linear models for regression, with the Bayesian treatment.
S> Evidence approximation for choosing the regularization strength is neat: it picks a sensible
   model without a validation set. The equivalent kernel section I'll need to reread.
--
P> PRML ch. 9: mixture models and EM. Implementing EM for a Gaussian mixture from scratch.
S> EM for a 2D GMM from scratch converges in ~30 iterations; watched the ellipses move, very
   satisfying. Got a collapsed component once (variance -> 0), fixed with a small floor. K-means as
   the hard-assignment limit finally makes sense.
## arc fusion
P> Electronics/mech project: building a small force sensor from a load cell + HX711 for the gripper
   test rig.
S> Load cell wired and calibrated with kitchen weights; readings are stable to ~2 g. The HX711's 10
   Hz default rate is too slow for what we need, there's a pin for 80 Hz.
--
P> Force sensor part 2: switching to 80 Hz, mounting it on the rig and logging grasp forces.
S> 80 Hz works but noisier. Mounted under the test object; our grasp forces peak at ~14 N, more
   than the 8 N we assumed in sim. That alone was worth the two Learning Days.
## arc tla
P> TLA+: Lamport's video course, lectures 1-4, then specifying a tiny bounded queue.
S> Lectures 1-4 done. Wrote a spec for a bounded queue and TLC found a deadlock in my first version
   within seconds. It's a different way of thinking: states and behaviors instead of code.
--
P> TLA+ part 2: specifying our checkpoint-upload protocol (writer + uploader + GC) to see if the GC
   can delete something still being uploaded.
S> TLC found it: a 6-step trace where the GC deletes a shard between the manifest write and the
   upload. We had seen this once in prod and blamed the network. Writing it up.
SR> peer | {author} this is amazing. can you present it at the infra sync?
SR> author | sure, next week
## one
P> Reading "Attention is not Explanation" and "Attention is not not Explanation" back to back.
S> The first paper shows you can swap attention weights without changing predictions; the second
   pushes back on the experimental setup. Main takeaway: don't read too much into attention
   heatmaps.
## one
P> Dropout from the original paper, then MC dropout as approximate Bayesian inference (Gal &
   Ghahramani).
S> MC dropout: keep dropout on at test time, average predictions, and the spread approximates
   uncertainty. Tried it on our grasp-success classifier: the uncertainty is higher on the weird
   objects, which is a good sign.
## one
P> Learning about checkpointing: activation (gradient) checkpointing and how much memory it saves.
S> Checkpointing every transformer block cuts activation memory ~5x for ~30% more compute on my
   test model. The sqrt(n) segments argument from the Chen et al. paper is simple and nice.
## one
P> Speculative decoding: reading the paper and working through why the output distribution is
   exactly preserved.
S> The accept/reject step is rejection sampling on the ratio of target and draft probabilities, so
   the result is exact. Speedup depends on how often the small model agrees. Clever and simple.
## one
P> Learning about KD-trees and approximate nearest neighbour search (HNSW), because our embedding
   search is slow.
S> KD-trees are useless at 768 dims (as expected). HNSW: navigable small-world graphs with layers;
   hnswlib gives 200x faster queries at 97% recall on our data. The paper's intuition about skip
   lists helped.
## one
P> Reading about the Challenger disaster and the Rogers Commission report, Feynman's appendix in
   particular.
S> Feynman's appendix: management estimated failure at 1 in 100,000, engineers at ~1 in 100. "For a
   successful technology, reality must take precedence over public relations." Should be required
   reading.
## one
P> Fundamentals: Markov chains (stationary distributions, mixing times) with small simulations.
S> Power iteration to find the stationary distribution, plus a card-shuffling chain to see mixing.
   Riffle shuffles really do mix in ~7 shuffles. PageRank is a Markov chain, of course.
## one
P> Writing: reading "How to Write a Great Research Paper" (Simon Peyton Jones) and restructuring my
   workshop draft.
S> "Write the paper first, then do the research" is provocative but it works: writing the
   contributions list exposed that my third contribution isn't one. Cut it. The draft is better for
   it.
## one
P> Trying Julia for a numerical simulation I usually do in numpy.
S> Julia is fast out of the box for loop-heavy code (no vectorization gymnastics), 20x over my
   numpy version. Time-to-first-plot is still painful. Multiple dispatch is nice.
## one
P> Robotics: reading about impedance vs admittance control, since our arm's contact behavior is
   bad.
S> Impedance control = make the robot behave like a spring-damper around the target. Our arm is
   position-controlled, so admittance control is the realistic option. Understood why contact-rich
   tasks are hard for us.
## one
P> Zig: what is comptime and why do people like it? Ziglings exercises.
S> 30 Ziglings done. Comptime is generics + const eval in one idea, surprisingly elegant. No hidden
   allocations is a refreshing rule. Probably won't use it at work, but it changed how I think
   about C.
## one
P> Stats: understanding p-values properly, then reading the ASA statement on p-values.
S> A p-value is P(data this extreme | null), not P(null | data), and I had it subtly wrong in my
   head. The ASA statement is short and good. Also learned about p-hacking by accidentally doing it
   in a simulation.
## one
P> Inference engineering: how vLLM's PagedAttention manages the KV cache.
S> KV cache in fixed-size blocks with a block table, like virtual memory pages, so there's little
   fragmentation and sharing prefixes is cheap. The OS analogy made it click.
## one
P> Reading about how DeepMind organized AlphaFold (team structure, the CASP timeline), for the
   management side of research.
S> Small team, clear external benchmark (CASP), a hard deadline, and willingness to throw away a
   working system (AF1 -> AF2). Clear target + deadlines seems to be the common thread with Bell
   Labs and the Manhattan project posts here.
## one
P> Learning Terraform basics on a throwaway cloud project.
S> Plan/apply, state, modules. Created and destroyed a small VPC + VM 5 times. The state file is
   the whole thing; now I understand why people are scared of it.
## one
P> Fundamentals: numerical precision. What Every Computer Scientist Should Know About
   Floating-Point Arithmetic, first half.
S> ULPs, guard digits, catastrophic cancellation. Rewrote our variance computation with Welford's
   algorithm after seeing cancellation on our own data. Long paper, worth it.
## one
P> Reading the Decision Transformer paper: RL as sequence modeling.
S> Condition on return-to-go, predict actions autoregressively. Works surprisingly well on offline
   data, but it can't stitch trajectories like Q-learning can. Nice paper to discuss at the reading
   group.
## one
P> Ergonomics + self-management: setting up a proper note-taking system (Zettelkasten-ish) for all
   my Learning Day notes.
S> Moved ~40 scattered notes into one folder of linked markdown files. Writing links between notes
   showed me 3 topics I keep coming back to. Less "learning", more infrastructure for learning.
## one
P> Optics basics for our camera setup: focal length, depth of field, and why our wrist camera
   images are blurry.
S> Depth of field depends on aperture and focus distance; our wrist camera is focused at 1 m and
   objects are at 15 cm. Changing the focus ring (literally) fixed half the blur. Learned more than
   I expected from a physics chapter.
"""


@dataclass
class Reply:
    who: str
    text: str


@dataclass
class Pair:
    """A plan and the summary that goes with it, with optional thread replies."""

    plan: str
    summary: str
    plan_replies: list[Reply] = field(default_factory=list)
    summary_replies: list[Reply] = field(default_factory=list)
    key: str = ""


def parse_pool(text: str) -> tuple[dict[str, list[Pair]], list[list[Pair]]]:
    """Parse POOL into (arcs by key, list of units in file order; a unit is a list of steps)."""
    logical: list[str] = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        if raw.startswith((" ", "\t")):
            logical[-1] += " " + raw.strip()
        else:
            logical.append(raw.rstrip())
    units: list[list[Pair]] = []
    arcs: dict[str, list[Pair]] = {}
    current: Pair | None = None
    for line in logical:
        line = line.replace("\\n", "\n")
        if line.startswith("## "):
            units.append([])
            key = line[3:].strip()
            if key.startswith("arc "):
                arcs[key[4:].strip()] = units[-1]
            current = None
        elif line == "--":
            current = None
        elif line.startswith("P> "):
            current = Pair(line[3:], "", key=f"unit{len(units)}")
            units[-1].append(current)
        elif line.startswith("S> "):
            assert current is not None, line
            current.summary = line[3:]
        elif line.startswith(("PR> ", "SR> ")):
            assert current is not None, line
            who, _, reply = line[4:].partition(" | ")
            target = current.plan_replies if line.startswith("PR") else current.summary_replies
            target.append(Reply(who.strip(), reply))
        else:
            raise ValueError(f"bad pool line: {line!r}")
    for unit in units:
        for pair in unit:
            assert pair.plan and pair.summary, pair
    return arcs, units


# Posts that must exist (they prove the console shows user text literally, etc.).
SCRIPTED: dict[tuple[int, str], Pair] = {
    (5, "sam.oneil"): Pair(
        "Reading the Rich + Textual source to understand how console markup is parsed. Our "
        "internal dashboard keeps mangling names with brackets (hi, it's me).",
        "Learned a lot about Rich's markup parser: `[bold]not markup[/bold]` typed by a user "
        "renders bold unless it's escaped, and a lone `[/` can raise a MarkupError. escape() "
        "covers most cases but not all. Wrote 3 failing tests for our dashboard using display "
        "names like mine :sweat_smile:",
        summary_replies=[
            Reply("peer", "{author} so your display name is basically a fuzz test. love it"),
            Reply("author", "[/ all the way down"),
        ],
    ),
    (7, "mateo.alvarez"): Pair(
        "Hi all :wave: first Learning Day for me (joined the infra team last week). Plan: the "
        'JAX "Thinking in JAX" tutorial, then the Raft paper since everyone here keeps '
        "mentioning it.",
        "Thinking in JAX done, Raft paper half read. The jit/tracing mental model is different "
        "from PyTorch in a way I'll need a few more days to absorb. Great first Learning Day!",
        plan_replies=[
            Reply("jon.petersen", "welcome {author}! :tada: great picks. ping me for pointers"),
        ],
    ),
}

# Top-level chatter (neither plan nor summary): (week, author, day offset from Thursday,
# local hour, text, replies).
CHATTER: list[tuple[int, str, int, float, str, list[Reply]]] = [
    (
        0,
        "jon.petersen",
        0,
        8.2,
        "Morning all :sunny: Happy Learning Day! Reminder of how this channel works: post what you "
        "plan to learn this morning, and a short summary of what you learned before you log off. "
        "It's completely fine to say you learned what matrix multiplication is -- everyone was "
        "there at some point.",
        [],
    ),
    (
        1,
        "piotr.nowak",
        0,
        12.9,
        "Anyone else doing the MIT 6.824 Raft labs? Would love a study buddy for 2B & 2C.",
        [
            Reply("peer", "me! I'm on 2A and it's humbling"),
            Reply("author", "{peer} let's compare notes next Thursday?"),
        ],
    ),
    (
        2,
        "jon.petersen",
        0,
        8.6,
        "This week's reading group: <https://arxiv.org/abs/1904.10509|Sparse Transformers>, 2pm PT "
        "in the big room + Zoom. Q&A after, bring questions <3",
        [],
    ),
    (
        3,
        "sam.oneil",
        0,
        8.2,
        "PSA: devbox images got a driver update this morning. If torch.cuda.is_available() returns "
        "False, reboot before you spend half of your Learning Day on it :upside_down_face:",
        [],
    ),
    (
        4,
        "olivia.grant",
        0,
        12.5,
        "Book budget reminder: textbooks & tutors for Learning Day are reimbursed, expense them "
        'under "L&D". I finally bought Axler :books:',
        [
            Reply("peer", "{author} does that include the Rhodes book? asking for a friend"),
            Reply("author", "yep, any book you use for Learning Day"),
        ],
    ),
    (
        5,
        "lena.fischer",
        0,
        13.0,
        "If anyone's into optimization this week: <https://distill.pub/2017/momentum/|Why Momentum "
        "Really Works> is still the best explainer I know",
        [],
    ),
    (
        6,
        "kenji.watanabe",
        0,
        13.2,
        "Hot take: if your loss is > 10 after warmup, it's the data loader, not the model. "
        "(source: my last three Learning Days)",
        [Reply("peer", "or the learning rate. it's always one of the two :upside_down_face:")],
    ),
    (
        7,
        "jon.petersen",
        0,
        8.0,
        "Good morning from SF :wave: APAC and Europe summaries are already rolling in, keep them "
        "coming. New folks: plan in the morning, summary before you log off, and no Netflix :wink:",
        [],
    ),
]

# (week, day offset from Thursday, local hour in the bot's zone, text, has "user" field)
BOT_POSTS: list[tuple[int, int, float, str, bool]] = [
    (
        0,
        0,
        9.0,
        "Hi, I'm Geekbot :robot_face: From now on I'll post a reminder here on Learning Days. "
        "Plan in the morning, summary at the end of your day. You can also answer me in a DM.",
        False,
    ),
    (
        3,
        0,
        15.0,
        ":pencil: Reminder: Learning Day summaries are due today. What did you learn? "
        '"I got stuck on X" counts too.',
        True,
    ),
    (7, 0, 8.5, ":books: Happy Learning Day! What are you planning to learn today?", True),
]

REACTIONS = [
    "tada",
    "fire",
    "brain",
    "raised_hands",
    "+1",
    "books",
    "100",
    "exploding_head",
    "clap",
    "heart",
]

# --------------------------------------------------------------------------------------------


@dataclass
class Msg:
    """A message being built; ``data`` is the Slack JSON object."""

    data: dict[str, Any]
    author: Person | None
    kind: str  # plan, summary, reply, chatter, join, bot
    week: int

    @property
    def ts(self) -> str:
        """The Slack ts string."""
        return str(self.data["ts"])

    @property
    def instant(self) -> datetime:
        """The aware UTC instant of the ts (whole seconds)."""
        return datetime.fromtimestamp(int(self.ts.split(".")[0]), UTC)


TOKEN = re.compile(r"<(@U[A-Z0-9]+|https?://[^|>\s]+)(?:\|([^>]*))?>")
INLINE = re.compile(r"`([^`\n]+)`|(?<![\w*])\*([^*\n]+)\*(?![\w*])|:([a-z][a-z0-9_+\-]*):")


def escape(text: str) -> str:
    """Escape &, < and > the way Slack stores message text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slackify(raw: str) -> tuple[str, list[dict[str, Any]]]:
    """Turn pool text (plain, with Slack tokens) into Slack ``text`` and ``rich_text`` elements."""
    text_parts: list[str] = []
    elements: list[dict[str, Any]] = []

    def plain(segment: str) -> None:
        """Append a segment of plain text (with inline code, bold and emoji) to both outputs."""
        text_parts.append(escape(segment))
        pos = 0
        for match in INLINE.finditer(segment):
            if match.start() > pos:
                elements.append({"type": "text", "text": segment[pos : match.start()]})
            code, bold, emoji = match.groups()
            if code is not None:
                elements.append({"type": "text", "text": code, "style": {"code": True}})
            elif bold is not None:
                elements.append({"type": "text", "text": bold, "style": {"bold": True}})
            else:
                elements.append({"type": "emoji", "name": emoji})
            pos = match.end()
        if pos < len(segment):
            elements.append({"type": "text", "text": segment[pos:]})

    pos = 0
    for match in TOKEN.finditer(raw):
        if match.start() > pos:
            plain(raw[pos : match.start()])
        target, label = match.groups()
        if target.startswith("@"):
            text_parts.append(f"<{target}>")
            elements.append({"type": "user", "user_id": target[1:]})
        else:
            text_parts.append(f"<{target}|{escape(label)}>" if label else f"<{target}>")
            link: dict[str, Any] = {"type": "link", "url": target}
            if label:
                link["text"] = label
            elements.append(link)
        pos = match.end()
    if pos < len(raw):
        plain(raw[pos:])
    return "".join(text_parts), elements


@functools.cache
def _offset_pattern(tz: str | None) -> tuple[int, ...]:
    """UTC offsets (seconds) of ``tz`` each day of 2024-2029, minus the first one."""
    zone = ZoneInfo(tz) if tz else UTC
    start = datetime(2024, 1, 1, 12, tzinfo=UTC)
    offsets = []
    for day in range(0, 6 * 366):
        offset = (start + timedelta(days=day)).astimezone(zone).utcoffset()
        assert offset is not None
        offsets.append(int(offset.total_seconds()))
    return tuple(o - offsets[0] for o in offsets)


def dst_rules(person: Person) -> tuple[int, ...]:
    """How a person's UTC offset changes over 2024-2029, relative to its January 2024 value.

    Thread replies come only from people whose offset changes at the same moments as the
    parent author's: the demo shifts each message in its author's local time, so only then
    does a reply stay after its parent (and keep its distance) in every week of the year.
    """
    return _offset_pattern(person.tz)


def first_last(person: Person) -> tuple[str, str]:
    """Slack's profile first_name/last_name (family name first for Lim Wei Ling)."""
    if person.name == "lim.weiling":
        return "Wei Ling", "Lim"
    first, _, last = person.real_name.partition(" ")
    return first, last


def ascii_fold(text: str) -> str:
    """Slack's *_normalized profile fields: the text with accents removed."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


class Generator:
    """Builds the whole data set from the seed; call :meth:`run`."""

    def __init__(self) -> None:
        """Seed the random generator, give everyone an id and shuffle the text pool."""
        self.rng = random.Random(SEED)
        self.people = copy.deepcopy(PEOPLE)
        self.by_name = {p.name: p for p in self.people}
        self.messages: list[Msg] = []
        self.fractions: Iterator[int] = iter(self.rng.sample(range(1000, 999_999), 4000))
        used: set[str] = set()
        for person in self.people:
            person.uid = self.make_id("U", used)
        self.bot_uid = self.make_id("U", used)
        arcs, units = parse_pool(POOL)
        self.rng.shuffle(units)
        for person in self.people:
            if person.pinned_arc:
                unit = arcs[person.pinned_arc]
                units.remove(unit)
                person.queue = list(unit)
        self.units = units
        self.reused = 0

    def make_id(self, prefix: str, used: set[str]) -> str:
        """Return a new Slack-looking id (``U0...``) with ``prefix``, not yet in ``used``."""
        alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
        while True:
            candidate = (
                prefix
                + "0"
                + self.rng.choice("4567")
                + "".join(self.rng.choice(alphabet) for _ in range(7))
            )
            if candidate not in used:
                used.add(candidate)
                return candidate

    # ---- time helpers --------------------------------------------------------------------

    def local_instant(self, person: Person | None, day: date, hour: float) -> datetime:
        """The UTC instant of local ``day`` at ``hour`` (fractional), with random seconds."""
        zone = person.zone if person else UTC
        minutes = int(hour * 60)
        local = datetime(
            day.year,
            day.month,
            day.day,
            minutes // 60,
            minutes % 60,
            self.rng.randrange(60),
            tzinfo=zone,
        )
        return local.astimezone(UTC)

    def hour_near(self, mean: float, spread: float, low: float, high: float) -> float:
        """A local hour around a person's habit, kept inside the [low, high] window."""
        for _ in range(20):
            hour = self.rng.gauss(mean, spread)
            if low <= hour <= high:
                return hour
        return min(high, max(low, mean))

    def new_ts(self, instant: datetime) -> str:
        """Return a Slack ts for ``instant`` (UTC) with a unique 6-digit fraction."""
        return f"{int(instant.timestamp())}.{next(self.fractions):06d}"

    @staticmethod
    def local_hour(person: Person, instant: datetime) -> float:
        """The local wall-clock hour (fractional) of ``instant`` for ``person``."""
        local = instant.astimezone(person.zone)
        return local.hour + local.minute / 60

    # ---- message builders ----------------------------------------------------------------

    def user_profile(self, person: Person) -> dict[str, Any]:
        """The ``user_profile`` object Slack embeds in a person's messages."""
        first, _ = first_last(person)
        return {
            "avatar_hash": "g" + person.uid[-6:].lower() + "a1b2c",
            "image_72": f"https://avatars.slack-edge.com/2024-01-15/{person.uid}_72.png",
            "first_name": first,
            "real_name": person.real_name,
            "display_name": person.display_name,
            "team": TEAM,
            "name": person.name,
            "is_restricted": False,
            "is_ultra_restricted": False,
        }

    def human(self, person: Person, instant: datetime, raw: str, kind: str, week: int) -> Msg:
        """Create, record and return a person's message posted at ``instant`` (UTC)."""
        text, elements = slackify(raw)
        data: dict[str, Any] = {
            "client_msg_id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "type": "message",
            "text": text,
            "user": person.uid,
            "ts": self.new_ts(instant),
            "blocks": [
                {
                    "type": "rich_text",
                    "block_id": "".join(
                        self.rng.choice("abcdefghijkmnopqrstuvwxyzAB0123456789+=") for _ in range(5)
                    ),
                    "elements": [{"type": "rich_text_section", "elements": elements}],
                }
            ],
            "team": TEAM,
            "user_team": TEAM,
            "source_team": TEAM,
            "user_profile": self.user_profile(person),
        }
        msg = Msg(data, person, kind, week)
        self.messages.append(msg)
        return msg

    def fill(
        self,
        raw: str,
        author: Person,
        week: int,
        parent_author: Person | None = None,
        peer: Person | None = None,
    ) -> str:
        """Replace {peer} and {author} in ``raw`` with Slack mentions."""
        if "{peer}" in raw:
            if peer is None:
                peer = self.rng.choice(
                    [p for p in self.active(week) if p is not author and p is not parent_author]
                )
            raw = raw.replace("{peer}", f"<@{peer.uid}>")
        if "{author}" in raw:
            target = parent_author or author
            raw = raw.replace("{author}", f"<@{target.uid}>")
        return raw

    def styled(self, person: Person, raw: str, kind: str) -> str:
        """Add the person's plan/summary marker habit (``plan:``, ``#summary``, ``TIL``...)."""
        plan_prefix, summary_prefix = STYLES[person.style]
        prefix = plan_prefix if kind == "plan" else summary_prefix
        lowered = raw.lower()
        if kind == "plan" and lowered.startswith(("plan", "today", "hi all")):
            prefix = ""
        if prefix and self.rng.random() < 0.15:  # markers are a habit, not a rule
            prefix = ""
        if not prefix:
            return raw
        if person.style in ("lower", "til_lower") and raw[1:2].islower():
            raw = raw[0].lower() + raw[1:]
        if raw.startswith("- ") and not prefix.endswith("\n"):
            return prefix.rstrip() + "\n" + raw
        return prefix + raw

    def replies(
        self, parent: Msg, replies: list[Reply], week: int, participants: list[Person]
    ) -> None:
        """Post thread replies under ``parent`` from people awake at that time."""
        assert parent.author is not None
        when = parent.instant
        peer_used: Person | None = None
        for reply in replies:
            when = when + timedelta(minutes=self.rng.uniform(4, 95))
            if reply.who == "author":
                who: Person | None = parent.author
            elif reply.who == "peer":
                awake = [
                    p
                    for p in participants
                    if p is not parent.author
                    and not p.deleted
                    and dst_rules(p) == dst_rules(parent.author)
                    and 7.5 <= self.local_hour(p, when) <= 22.5
                ]
                who = self.rng.choice(awake) if awake else None
                peer_used = who
            else:
                who = self.by_name[reply.who]
            if who is None or not 7.5 <= self.local_hour(who, when) <= 23.0:
                break
            assert dst_rules(who) == dst_rules(parent.author), (who.name, parent.author.name)
            raw = self.fill(
                reply.text,
                who,
                week,
                parent_author=parent.author,
                peer=peer_used if reply.who == "author" else None,
            )
            msg = self.human(who, when, raw, "reply", week)
            msg.data["thread_ts"] = parent.ts
            msg.data["parent_user_id"] = parent.author.uid
            parent.data["thread_ts"] = parent.ts

    # ---- weekly simulation ---------------------------------------------------------------

    def active(self, week: int) -> list[Person]:
        """Channel members (joined and not yet gone) in week ``week`` (0 = oldest)."""
        return [p for p in self.people if p.join_week <= week <= p.last_week]

    def next_pair(self, person: Person) -> Pair:
        """The person's next topic: the next step of their arc, or a new arc or one-off."""
        if not person.queue:
            if self.units:
                person.queue = list(self.units.pop())
            else:
                raise SystemExit("text pool exhausted: add more topics to POOL")
        return person.queue.pop(0)

    def choose_participants(self, week: int) -> list[Person]:
        """Who takes part in week ``week``: a share of members, by reliability."""
        eligible = self.active(week)
        forced = {name for (w, name) in SCRIPTED if w == week}
        forced |= {p.name for p in eligible if p.join_week == week and week > 0}
        count = round(PARTICIPATION[week] * len(eligible))
        keyed = sorted(
            eligible,
            key=lambda p: (p.name not in forced, -(self.rng.random() ** (1 / p.reliability))),
        )
        return keyed[:count]

    def run_week(self, week: int) -> None:
        """Generate all messages of one Learning Day week (0 = oldest)."""
        thursday = THURSDAYS[week]
        participants = self.choose_participants(week)
        for person in self.active(week):
            if person.join_week == week and week > 0:
                when = self.local_instant(person, thursday, person.plan_hour - 0.3)
                data = {
                    "type": "message",
                    "subtype": "channel_join",
                    "ts": self.new_ts(when),
                    "user": person.uid,
                    "text": f"<@{person.uid}> has joined the channel",
                }
                if person.name == "mateo.alvarez":
                    data["inviter"] = self.by_name["jon.petersen"].uid
                self.messages.append(Msg(data, person, "join", week))
        for person in participants:
            scripted = SCRIPTED.get((week, person.name))
            pair = scripted or self.next_pair(person)
            has_plan = scripted is not None or self.rng.random() < 0.9
            has_summary = scripted is not None or self.rng.random() < 0.84
            if not (has_plan or has_summary):
                has_plan = True
            plan_at: datetime | None = None
            if has_plan:
                if ("W" in person.grace and self.rng.random() < 0.45) or self.rng.random() < 0.03:
                    hour = self.rng.uniform(18.1, 22.4)
                    plan_at = self.local_instant(person, thursday - timedelta(days=1), hour)
                else:
                    hour = self.hour_near(person.plan_hour, 0.45, 8.0, 11.5)
                    plan_at = self.local_instant(person, thursday, hour)
                raw = self.fill(self.styled(person, pair.plan, "plan"), person, week)
                msg = self.human(person, plan_at, raw, "plan", week)
                self.replies(msg, pair.plan_replies, week, participants)
            if has_summary:
                if ("F" in person.grace and self.rng.random() < 0.45) or self.rng.random() < 0.03:
                    hour = self.rng.uniform(8.0, 11.8)
                    summary_at = self.local_instant(person, thursday + timedelta(days=1), hour)
                else:
                    hour = self.hour_near(person.summary_hour, 0.6, 14.0, 19.0)
                    summary_at = self.local_instant(person, thursday, hour)
                raw = self.fill(self.styled(person, pair.summary, "summary"), person, week)
                msg = self.human(person, summary_at, raw, "summary", week)
                self.replies(msg, pair.summary_replies, week, participants)
                if self.rng.random() < 0.3:
                    fans = self.rng.sample(
                        [p for p in participants if p is not person], k=self.rng.randint(1, 4)
                    )
                    msg.data["reactions"] = [
                        {
                            "name": self.rng.choice(REACTIONS),
                            "users": [p.uid for p in fans],
                            "count": len(fans),
                        }
                    ]
        for w, name, offset, hour, text, replies in CHATTER:
            if w == week:
                person = self.by_name[name]
                when = self.local_instant(person, thursday + timedelta(days=offset), hour)
                msg = self.human(person, when, self.fill(text, person, week), "chatter", week)
                self.replies(msg, replies, week, participants)
        for w, offset, hour, text, with_user in BOT_POSTS:
            if w == week:
                # The bot's zone is America/Los_Angeles, as Slack gives bot users.
                when = self.local_instant(BOT, thursday + timedelta(days=offset), hour)
                bot: dict[str, Any] = {
                    "type": "message",
                    "subtype": "bot_message",
                    "text": escape(text),
                    "ts": self.new_ts(when),
                    "bot_id": BOT_ID,
                    "username": "Geekbot",
                    "icons": {"image_48": "https://avatars.slack-edge.com/geekbot_48.png"},
                }
                if with_user:
                    bot["user"] = self.bot_uid
                self.messages.append(Msg(bot, None, "bot", week))

    def add_edits(self) -> None:
        """Mark some plans and summaries as edited a few minutes after posting."""
        candidates = [m for m in self.messages if m.kind in ("plan", "summary")]
        for msg in self.rng.sample(candidates, k=14):
            assert msg.author is not None
            edited_at = int(msg.ts.split(".")[0]) + self.rng.randint(45, 1500)
            if edited_at <= SNAPSHOT.timestamp():
                msg.data["edited"] = {"user": msg.author.uid, "ts": f"{edited_at}.000000"}

    # ---- output ------------------------------------------------------------------------

    def users_json(self) -> list[dict[str, Any]]:
        """The ``users.json`` list (people, then the bot user)."""
        users: list[dict[str, Any]] = []
        colors = [
            "9f69e7",
            "4bbe2e",
            "e7392d",
            "3c989f",
            "674b1b",
            "e96699",
            "e0a729",
            "5b89d5",
            "43761b",
            "df3dc0",
            "2b6836",
            "d58247",
            "bb86b7",
            "902d59",
            "99a949",
            "8d4b84",
        ]
        for person in self.people:
            first, last = first_last(person)
            profile = {
                "title": person.title,
                "phone": "",
                "skype": "",
                "real_name": person.real_name,
                "real_name_normalized": ascii_fold(person.real_name),
                "display_name": person.display_name,
                "display_name_normalized": ascii_fold(person.display_name),
                "fields": None,
                "status_text": "",
                "status_emoji": "",
                "status_expiration": 0,
                "avatar_hash": "g" + person.uid[-6:].lower() + "a1b2c",
                "first_name": first,
                "last_name": last,
                "image_72": f"https://avatars.slack-edge.com/2024-01-15/{person.uid}_72.png",
                "image_192": f"https://avatars.slack-edge.com/2024-01-15/{person.uid}_192.png",
                "team": TEAM,
            }
            user: dict[str, Any] = {
                "id": person.uid,
                "team_id": TEAM,
                "name": person.name,
                "deleted": person.deleted,
                "color": self.rng.choice(colors),
                "real_name": person.real_name,
                "tz": person.tz,
            }
            if person.tz:
                offset = ZoneInfo(person.tz).utcoffset(SNAPSHOT.replace(tzinfo=None))
                assert offset is not None
                user["tz_label"] = TZ_LABELS[person.tz]
                user["tz_offset"] = int(offset.total_seconds())
            user.update(
                {
                    "profile": profile,
                    "is_admin": person.admin,
                    "is_owner": person.admin,
                    "is_primary_owner": False,
                    "is_restricted": person.name == "alex.morgan",
                    "is_ultra_restricted": False,
                    "is_bot": False,
                    "is_app_user": False,
                    "updated": int(SNAPSHOT.timestamp()) - self.rng.randrange(86400 * 200),
                }
            )
            users.append(user)
        users.append(
            {
                "id": self.bot_uid,
                "team_id": TEAM,
                "name": "geekbot",
                "deleted": False,
                "color": "757575",
                "real_name": "Geekbot",
                "tz": LA,
                "tz_label": TZ_LABELS[LA],
                "tz_offset": -28800,
                "profile": {
                    "title": "",
                    "phone": "",
                    "skype": "",
                    "real_name": "Geekbot",
                    "real_name_normalized": "Geekbot",
                    "display_name": "",
                    "display_name_normalized": "",
                    "fields": None,
                    "status_text": "",
                    "status_emoji": "",
                    "status_expiration": 0,
                    "avatar_hash": "a1b2c3d4e5f6",
                    "api_app_id": APP_ID,
                    "always_active": True,
                    "bot_id": BOT_ID,
                    "first_name": "Geekbot",
                    "last_name": "",
                    "image_72": "https://avatars.slack-edge.com/geekbot_72.png",
                    "team": TEAM,
                },
                "is_admin": False,
                "is_owner": False,
                "is_primary_owner": False,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "is_bot": True,
                "is_app_user": False,
                "updated": 1690000000,
            }
        )
        return users

    def channels_json(self) -> list[dict[str, Any]]:
        """The ``channels.json`` list (the one #learning-day channel)."""
        jon = self.by_name["jon.petersen"].uid
        created = int(datetime(2026, 6, 4, 16, 2, 11, tzinfo=UTC).timestamp())
        members = [p.uid for p in self.people if not p.deleted] + [self.bot_uid]
        return [
            {
                "id": CHANNEL_ID,
                "name": CHANNEL_NAME,
                "created": created,
                "creator": jon,
                "is_archived": False,
                "is_general": False,
                "members": members,
                "topic": {
                    "value": "Every Thursday: post your plan in the morning and a summary at the "
                    "end of your day :books:",
                    "creator": jon,
                    "last_set": created + 3600,
                },
                "purpose": {
                    "value": "Learning Day is a gift :heart: Share what you plan to learn and what "
                    "you learned, it keeps all of us going.",
                    "creator": jon,
                    "last_set": created,
                },
            }
        ]

    def run(self) -> None:
        """Generate the whole data set and write it to DATA_DIR."""
        for week in range(WEEKS):
            self.run_week(week)
        limit = SNAPSHOT.timestamp()
        self.messages = [m for m in self.messages if m.instant.timestamp() <= limit]
        self.add_edits()
        self.check()
        data = [m.data for m in self.messages]
        rebuild_thread_metadata(data)
        self.write(data)

    def check(self) -> None:
        """Fail loudly if the data set lost a property the demo and the tests rely on."""
        texts = "\n".join(str(m.data["text"]) for m in self.messages)
        for needle in (
            "[bold]not markup[/bold]",
            "[/",
            "&amp;",
            "&lt;",
            "&gt;",
            "<@U",
            "<https://arxiv.org/abs/1706.03762|Attention Is All You Need>",
        ):
            assert needle in texts, needle
        newest = [m for m in self.messages if m.week == WEEKS - 1]
        members = [p for p in self.active(WEEKS - 1)]
        with_plan = {m.author.name for m in newest if m.kind == "plan" and m.author}
        with_summary = {m.author.name for m in newest if m.kind == "summary" and m.author}
        lacking = [p for p in members if p.name not in with_plan or p.name not in with_summary]
        assert len(lacking) >= 10, len(lacking)
        assert len(with_plan) >= 15, len(with_plan)
        assert any("edited" in m.data for m in self.messages)
        assert any(m.kind == "reply" for m in self.messages)
        stamps = [m.ts for m in self.messages]
        assert len(stamps) == len(set(stamps))
        for m in self.messages:
            if m.author is not None and m.kind in ("plan", "summary", "reply", "chatter"):
                hour = self.local_hour(m.author, m.instant)
                assert 7.5 <= hour <= 23.0, (m.author.name, hour)

    def write(self, data: list[dict[str, Any]]) -> None:
        """Write the export files (replacing DATA_DIR) and print a short report."""
        if DATA_DIR.exists():
            shutil.rmtree(DATA_DIR)
        channel_dir = DATA_DIR / CHANNEL_NAME
        channel_dir.mkdir(parents=True)
        days: dict[str, list[dict[str, Any]]] = {}
        for message in sorted(data, key=lambda m: float(m["ts"])):
            day = datetime.fromtimestamp(int(message["ts"].split(".")[0]), UTC).date()
            days.setdefault(day.isoformat(), []).append(message)
        for day, messages in days.items():
            dump(channel_dir / f"{day}.json", messages)
        dump(DATA_DIR / "users.json", self.users_json())
        dump(DATA_DIR / "channels.json", self.channels_json())
        self.report(data, days)

    def report(self, data: list[dict[str, Any]], days: dict[str, list[dict[str, Any]]]) -> None:
        """Print counts and the size of the data set."""
        kinds: dict[str, int] = {}
        for m in self.messages:
            kinds[m.kind] = kinds.get(m.kind, 0) + 1
        size = sum(p.stat().st_size for p in DATA_DIR.rglob("*.json"))
        zones = {p.tz for p in self.people if p.tz}
        print(f"people: {len(self.people)} (+1 bot), zones: {len(zones)}, messages: {len(data)}")
        print(f"by kind: {kinds}; day files: {len(days)}; size: {size / 1024:.0f} KiB")
        print(f"pool units left: {len(self.units)}")


def dump(path: Path, data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON, like a Slack export."""
    with path.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=4)
        handle.write("\n")


def main() -> None:
    """Entry point: regenerate the bundled demo data set."""
    Generator().run()


if __name__ == "__main__":
    main()
