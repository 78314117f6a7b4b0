#!/usr/bin/env python3
"""Generate a synthetic Slack workspace export of a ``#learning-day`` channel, for benchmarks.

Usage (from the project root)::

    .venv/bin/python benchmarks/generate.py --people 40 --thursdays 12 --seed 1 \
        --out /tmp/bench-small
    .venv/bin/python benchmarks/generate.py --people 5000 --thursdays 260 --seed 1 \
        --out /tmp/bench-company --zip

Writes ``users.json``, ``channels.json`` (one channel ``learning-day``, id ``C0BENCH001``, whose
members are every user) and ``learning-day/YYYY-MM-DD.json`` day files (named by UTC date, each a
JSON list of messages sorted by ``ts``, one message per line), or the same files in ``DIR.zip``
with ``--zip``.  The data covers ``--thursdays`` consecutive Thursdays ending on the last Thursday
on or before :data:`END_DATE`.

The output depends only on the arguments: the people come from ``random.Random(seed)`` and each
Learning Day from its own ``random.Random(f"{seed}:week:{w}")``; no clock or other entropy is
read for the data, so the same arguments give byte-identical files (also with a different
``--jobs``).  Day files are produced one Learning Day (week) at a time, in worker processes, and
written to disk in order as they come, so memory stays at a few weeks' worth whatever the size.
See ``benchmarks/README.md`` for what the data looks like and the search words.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import time
import unicodedata
import zipfile
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

END_DATE = date(2026, 11, 26)
"""The newest Learning Day is the last Thursday on or before this date (fixed: deterministic)."""
TEAM_ID = "T0BENCH001"
CHANNEL_ID = "C0BENCH001"
CHANNEL_NAME = "learning-day"
RARE_WORD = "zymurgy"
"""Appears in exactly :data:`RARE_POSTS` posts (fewer only if there are fewer person-weeks)."""
RARE_POSTS = 5
COMMON_WORD = "learning"
"""Appears (case-insensitively, also inside "meta-learning", "Learning Day") in many posts."""
T = TypeVar("T")
ZIP_DATE_TIME = (2026, 11, 27, 0, 0, 0)
"""Timestamp of every zip entry (fixed: deterministic)."""

# Share of messages / posts with a feature (per generated message unless said otherwise).
THREAD_PARENT_P = 0.021  # a person's top-level message starts a thread (1.4 replies on average)
THREAD_MORE_P = 0.3  # ... and each reply is followed by another one
BROADCAST_P = 0.05  # a thread reply is also sent to the channel (subtype thread_broadcast)
EDITED_P = 0.02
# Share of people (from 10 people on at least 1, and at least 3 joiners):
JOINER_P = 0.02  # joins the channel during the period (a channel_join message)
DELETED_P = 0.01  # account deactivated during the period (posts stop before then)
NO_TZ_P = 0.01  # profile has no time zone

# (IANA zone, weight, name pool, Slack's tz_label in late November)
ZONES: tuple[tuple[str, float, str, str], ...] = (
    ("America/Los_Angeles", 13, "anglo", "Pacific Standard Time"),
    ("America/Denver", 3, "anglo", "Mountain Standard Time"),
    ("America/Phoenix", 1, "anglo", "Mountain Standard Time"),
    ("America/Chicago", 5, "anglo", "Central Standard Time"),
    ("America/New_York", 13, "anglo", "Eastern Standard Time"),
    ("America/Toronto", 3, "anglo", "Eastern Standard Time"),
    ("America/St_Johns", 1, "anglo", "Newfoundland Standard Time"),
    ("America/Anchorage", 0.5, "anglo", "Alaska Standard Time"),
    ("Pacific/Honolulu", 0.5, "anglo", "Hawaii-Aleutian Standard Time"),
    ("America/Mexico_City", 2, "latam", "Central Standard Time"),
    ("America/Bogota", 1, "latam", "Colombia Standard Time"),
    ("America/Sao_Paulo", 4, "latam", "Brasilia Standard Time"),
    ("America/Argentina/Buenos_Aires", 1.5, "latam", "Argentina Standard Time"),
    ("Europe/London", 9, "anglo", "Greenwich Mean Time"),
    ("Europe/Dublin", 2, "anglo", "Greenwich Mean Time"),
    ("Europe/Lisbon", 1, "europe", "Western European Standard Time"),
    ("Europe/Paris", 4, "europe", "Central European Standard Time"),
    ("Europe/Berlin", 7, "europe", "Central European Standard Time"),
    ("Europe/Amsterdam", 2, "europe", "Central European Standard Time"),
    ("Europe/Stockholm", 1, "europe", "Central European Standard Time"),
    ("Europe/Warsaw", 2, "europe", "Central European Standard Time"),
    ("Europe/Kyiv", 1, "europe", "Eastern European Standard Time"),
    ("Africa/Lagos", 1, "mea", "West Africa Standard Time"),
    ("Africa/Nairobi", 1, "mea", "East Africa Time"),
    ("Asia/Dubai", 1, "mea", "Gulf Standard Time"),
    ("Asia/Tehran", 0.5, "mea", "Iran Standard Time"),
    ("Asia/Kolkata", 9, "india", "India Standard Time"),
    ("Asia/Kathmandu", 1, "nepal", "Nepal Time"),
    ("Asia/Singapore", 3, "china", "Singapore Standard Time"),
    ("Asia/Shanghai", 5, "china", "China Standard Time"),
    ("Asia/Seoul", 2, "korea", "Korean Standard Time"),
    ("Asia/Tokyo", 4, "japan", "Japan Standard Time"),
    ("Australia/Adelaide", 0.5, "anglo", "Australian Central Daylight Time"),
    ("Australia/Sydney", 3, "anglo", "Australian Eastern Daylight Time"),
    ("Pacific/Auckland", 2, "anglo", "New Zealand Daylight Time"),
    ("Pacific/Chatham", 0.1, "anglo", "Chatham Daylight Time"),
    ("Pacific/Kiritimati", 0.1, "anglo", "Line Islands Time"),
)

NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "anglo": (
        (
            "James",
            "Mary",
            "Olivia",
            "Liam",
            "Emma",
            "Noah",
            "Ava",
            "Ethan",
            "Sophia",
            "Mason",
            "Isabella",
            "Lucas",
            "Mia",
            "Jack",
            "Charlotte",
            "Henry",
            "Amelia",
            "Owen",
            "Harper",
            "Wyatt",
            "Grace",
            "Chloe",
            "Ryan",
            "Megan",
            "Daniel",
            "Sarah",
            "Michael",
            "Emily",
            "David",
            "Hannah",
            "Ben",
            "Zoe",
            "Sam",
            "Alex",
            "Jordan",
            "Taylor",
            "Morgan",
            "Casey",
            "Riley",
            "Quinn",
            "Nathan",
            "Laura",
            "Kevin",
            "Rachel",
            "Tom",
            "Lucy",
            "Oliver",
            "Ruby",
            "George",
            "Isla",
            "Aroha",
            "Tane",
        ),
        (
            "Smith",
            "Johnson",
            "Williams",
            "Brown",
            "Jones",
            "Miller",
            "Davis",
            "Wilson",
            "Anderson",
            "Taylor",
            "Thomas",
            "Moore",
            "Martin",
            "Jackson",
            "Thompson",
            "White",
            "Harris",
            "Clark",
            "Lewis",
            "Robinson",
            "Walker",
            "Young",
            "Allen",
            "King",
            "Wright",
            "Scott",
            "Green",
            "Baker",
            "Adams",
            "Nelson",
            "Hill",
            "Campbell",
            "Mitchell",
            "Roberts",
            "Carter",
            "Phillips",
            "Evans",
            "Turner",
            "Parker",
            "Collins",
            "Edwards",
            "Stewart",
            "Murphy",
            "Cook",
            "Morgan",
            "Bell",
            "O'Brien",
            "Kelly",
            "Walsh",
            "McKenzie",
            "Ngata",
        ),
    ),
    "latam": (
        (
            "Diego",
            "Sofía",
            "Mateo",
            "Valentina",
            "João",
            "Ana",
            "Lucas",
            "Gabriela",
            "Pedro",
            "Camila",
            "Rafael",
            "Mariana",
            "Carlos",
            "Beatriz",
            "Felipe",
            "Isabela",
            "Thiago",
            "Fernanda",
            "Andrés",
            "Lucía",
            "Santiago",
            "Júlia",
            "Gustavo",
            "Larissa",
            "Miguel",
            "Daniela",
            "Bruno",
            "Renata",
            "Alejandro",
            "Paula",
        ),
        (
            "Silva",
            "Santos",
            "Oliveira",
            "Souza",
            "Pereira",
            "Costa",
            "Rodrigues",
            "Almeida",
            "Nascimento",
            "Lima",
            "García",
            "Martínez",
            "Rodríguez",
            "López",
            "Hernández",
            "González",
            "Pérez",
            "Sánchez",
            "Ramírez",
            "Torres",
            "Flores",
            "Rivera",
            "Gómez",
            "Díaz",
            "Cruz",
            "Morales",
            "Ortiz",
            "Gutiérrez",
            "Chávez",
            "Ramos",
        ),
    ),
    "europe": (
        (
            "Lukas",
            "Anna",
            "Felix",
            "Lena",
            "Jonas",
            "Marie",
            "Leon",
            "Sophie",
            "Paul",
            "Clara",
            "Maximilian",
            "Hanna",
            "Émile",
            "Chloé",
            "Louis",
            "Camille",
            "Hugo",
            "Inès",
            "Lars",
            "Ingrid",
            "Sven",
            "Astrid",
            "Piotr",
            "Katarzyna",
            "Tomasz",
            "Agnieszka",
            "Oleksandr",
            "Olena",
            "Dmytro",
            "Iryna",
            "Matteo",
            "Giulia",
            "Luca",
            "Chiara",
            "Jan",
            "Eva",
            "Niels",
            "Femke",
            "Björn",
            "Freja",
            "João",
            "Inês",
        ),
        (
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Wagner",
            "Becker",
            "Hoffmann",
            "Schäfer",
            "Koch",
            "Dubois",
            "Lefèvre",
            "Moreau",
            "Laurent",
            "Girard",
            "Bernard",
            "de Vries",
            "Jansen",
            "van Dijk",
            "Bakker",
            "Andersson",
            "Johansson",
            "Lindqvist",
            "Nowak",
            "Kowalski",
            "Wiśniewski",
            "Kowalczyk",
            "Shevchenko",
            "Kovalenko",
            "Bondarenko",
            "Rossi",
            "Russo",
            "Ferrari",
            "Esposito",
            "Bianchi",
            "Novák",
            "Horvat",
            "Nielsen",
            "Hansen",
            "Jensen",
            "Ferreira",
            "Carvalho",
        ),
    ),
    "india": (
        (
            "Aarav",
            "Priya",
            "Vivaan",
            "Ananya",
            "Aditya",
            "Diya",
            "Arjun",
            "Isha",
            "Rohan",
            "Kavya",
            "Rahul",
            "Sneha",
            "Vikram",
            "Pooja",
            "Karthik",
            "Lakshmi",
            "Siddharth",
            "Neha",
            "Amit",
            "Divya",
            "Sanjay",
            "Meera",
            "Rajesh",
            "Shreya",
            "Harish",
            "Nisha",
            "Varun",
            "Anjali",
            "Deepak",
            "Riya",
        ),
        (
            "Sharma",
            "Patel",
            "Singh",
            "Kumar",
            "Gupta",
            "Reddy",
            "Iyer",
            "Nair",
            "Menon",
            "Rao",
            "Joshi",
            "Mehta",
            "Shah",
            "Desai",
            "Kulkarni",
            "Chatterjee",
            "Banerjee",
            "Mukherjee",
            "Das",
            "Bose",
            "Pillai",
            "Verma",
            "Agarwal",
            "Malhotra",
            "Kapoor",
            "Chopra",
            "Bhat",
            "Krishnan",
            "Subramanian",
            "Naidu",
        ),
    ),
    "nepal": (
        (
            "Aayush",
            "Sita",
            "Bikash",
            "Sabina",
            "Suman",
            "Anisha",
            "Prakash",
            "Sunita",
            "Rajan",
            "Srijana",
            "Bishal",
            "Pratima",
            "Nabin",
            "Manisha",
            "Sujan",
            "Rekha",
        ),
        (
            "Shrestha",
            "Thapa",
            "Gurung",
            "Tamang",
            "Rai",
            "Limbu",
            "Magar",
            "Adhikari",
            "Karki",
            "Bhattarai",
            "Poudel",
            "Khadka",
            "Maharjan",
            "Joshi",
            "Sherpa",
            "Basnet",
        ),
    ),
    "china": (
        (
            "Wei",
            "Fang",
            "Jing",
            "Lei",
            "Min",
            "Yan",
            "Hao",
            "Xin",
            "Jun",
            "Ling",
            "Tao",
            "Mei",
            "Yu",
            "Qiang",
            "Yifan",
            "Zihan",
            "Haoran",
            "Xinyi",
            "Yuxuan",
            "Ruoxi",
            "Jiahui",
            "Zhiwei",
            "Boon",
            "Hui Min",
        ),
        (
            "Wang",
            "Li",
            "Zhang",
            "Liu",
            "Chen",
            "Yang",
            "Huang",
            "Zhao",
            "Wu",
            "Zhou",
            "Xu",
            "Sun",
            "Ma",
            "Zhu",
            "Hu",
            "Guo",
            "He",
            "Lin",
            "Gao",
            "Luo",
            "Zheng",
            "Liang",
            "Xie",
            "Tang",
            "Tan",
            "Lim",
            "Ng",
            "Goh",
        ),
    ),
    "japan": (
        (
            "Haruto",
            "Yui",
            "Sota",
            "Hina",
            "Yuto",
            "Aoi",
            "Riku",
            "Sakura",
            "Kenji",
            "Yuki",
            "Takumi",
            "Mei",
            "Hiroshi",
            "Ayaka",
            "Daiki",
            "Naoko",
            "Ren",
            "Misaki",
            "Shota",
            "Emi",
        ),
        (
            "Sato",
            "Suzuki",
            "Takahashi",
            "Tanaka",
            "Watanabe",
            "Ito",
            "Yamamoto",
            "Nakamura",
            "Kobayashi",
            "Kato",
            "Yoshida",
            "Yamada",
            "Sasaki",
            "Yamaguchi",
            "Matsumoto",
            "Inoue",
            "Kimura",
            "Hayashi",
            "Shimizu",
            "Mori",
        ),
    ),
    "korea": (
        (
            "Min-jun",
            "Seo-yeon",
            "Ji-ho",
            "Ha-eun",
            "Do-yun",
            "Ji-woo",
            "Seo-jun",
            "Su-ah",
            "Ye-jin",
            "Hyun-woo",
            "Eun-ji",
            "Jae-won",
        ),
        ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh"),
    ),
    "mea": (
        (
            "Chinedu",
            "Amara",
            "Oluwaseun",
            "Ngozi",
            "Kwame",
            "Wanjiru",
            "Tunde",
            "Zainab",
            "Kofi",
            "Achieng",
            "Omar",
            "Layla",
            "Yusuf",
            "Fatima",
            "Reza",
            "Shirin",
            "Ahmed",
            "Mariam",
            "Amir",
            "Nour",
        ),
        (
            "Okafor",
            "Adeyemi",
            "Okonkwo",
            "Mensah",
            "Kamau",
            "Otieno",
            "Odhiambo",
            "Mwangi",
            "Nwosu",
            "Balogun",
            "Haddad",
            "Khalil",
            "Hosseini",
            "Rahimi",
            "Farouk",
            "Nasser",
            "Karimi",
            "Mahmoud",
            "Saleh",
            "Abubakar",
        ),
    ),
}
POOLS = tuple(NAMES)

TEAM_NAMES = (
    "robotics",
    "infra",
    "platform",
    "research",
    "data",
    "security",
    "frontend",
    "mobile",
    "payments",
    "search",
    "ml-infra",
    "applied-ml",
    "growth",
    "design",
    "sre",
    "devex",
    "compilers",
    "storage",
    "networking",
    "billing",
    "support",
    "sales-eng",
    "people-ops",
    "finance",
    "legal",
    "recruiting",
    "analytics",
    "safety",
    "evals",
    "alignment",
    "training",
    "inference",
    "api",
    "docs",
    "identity",
    "observability",
    "release",
    "qa",
    "hardware",
    "firmware",
)
ROLES = (
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Engineer",
    "Research Engineer",
    "Research Scientist",
    "Engineering Manager",
    "Product Manager",
    "Designer",
    "Data Scientist",
    "SRE",
    "Technical Writer",
    "Recruiter",
    "Analyst",
    "",
)
COLORS = (
    "9f69e7",
    "4bbe2e",
    "e7392d",
    "3c989f",
    "674b1b",
    "e96699",
    "e0a729",
    "684b6c",
    "5b89d5",
    "2b6836",
    "99d04a",
    "dd8527",
    "bb86b7",
    "235e5b",
    "53b759",
    "a63024",
)

# --------------------------------------------------------------------------- text vocabulary

TOPICS = (
    "Rust lifetimes",
    "Rust async",
    "the borrow checker",
    "JAX's pmap",
    "JAX transformations",
    "linear algebra",
    "the SVD",
    "eigenvalues",
    "the Raft paper",
    "Paxos",
    "CRDTs",
    "Kubernetes operators",
    "Kubernetes networking",
    "MAML",
    "meta-learning",
    "reinforcement learning",
    "contrastive learning",
    "deep learning theory",
    "learning rate schedules",
    "technical writing",
    "management",
    "giving feedback",
    "running 1:1s",
    "transformers",
    "diffusion models",
    "CUDA kernels",
    "Triton kernels",
    "the Postgres query planner",
    "SQLite internals",
    "TLA+",
    "category theory",
    "Bayesian statistics",
    "compilers",
    "WebAssembly",
    "Zig",
    "Haskell type classes",
    "eBPF",
    "distributed tracing",
    "Go generics",
    "Python asyncio",
    "information theory",
    "convex optimization",
    "graph neural networks",
    "public speaking",
    "negotiation",
    "Spanish",
    "Japanese kana",
    "music theory",
    "Terraform",
    "Nix",
    "Bazel",
    "type theory",
    "Lean 4",
    "probabilistic programming",
    "RLHF",
    "LoRA fine-tuning",
    "mixed precision training",
    "numerical stability",
    "the FFT",
    "control theory",
    "Kalman filters",
    "SLAM",
    "ROS 2",
    "accessibility",
    "UX research",
    "incident postmortems",
    "the SRE book",
    "machine learning",
    "online learning",
    "federated learning",
    "self-supervised learning",
    "mechanistic interp",
    "vector databases",
    "HTTP/3",
    "TCP congestion control",
    "B-trees",
    "LSM trees",
    "consistent hashing",
    "property-based testing",
    "fuzzing",
    "SIMD",
    "memory models",
)
BOOKS = (
    "Designing Data-Intensive Applications",
    "The Rust Programming Language",
    "Deep Learning (Goodfellow et al.)",
    "Linear Algebra Done Right",
    "Crafting Interpreters",
    "SICP",
    "The Manager's Path",
    "Bird by Bird",
    "Probabilistic Machine Learning",
    "Database Internals",
    "Site Reliability Engineering",
    "Introduction to Algorithms",
    "Programming Rust",
    "The Elements of Statistical Learning",
    "Reinforcement Learning: An Introduction",
    "Mathematics for Machine Learning",
    "Thinking in Systems",
    "An Elegant Puzzle",
    "Writing for Busy Readers",
    "The Pragmatic Programmer",
    "Dive into Deep Learning",
    "Understanding Deep Learning",
    "Computer Networking: A Top-Down Approach",
    "Operating Systems: Three Easy Pieces",
    "Rust for Rustaceans",
)
PAPERS = (
    ("1706.03762", "Attention Is All You Need"),
    ("1703.03400", "MAML"),
    ("2006.11239", "DDPM"),
    ("1412.6980", "Adam"),
    ("2106.09685", "LoRA"),
    ("1512.03385", "ResNet"),
    ("2001.08361", "Scaling Laws for Neural Language Models"),
    ("2201.11903", "Chain-of-Thought Prompting"),
    ("1707.06347", "PPO"),
    ("1810.04805", "BERT"),
    ("1904.10509", "Sparse Transformers"),
    ("2205.14135", "FlashAttention"),
    ("1806.07366", "Neural ODEs"),
    ("1502.03167", "Batch Normalization"),
    ("1607.06450", "Layer Normalization"),
    ("2005.14165", "Language Models are Few-Shot Learners"),
    ("1803.10122", "World Models"),
    ("2203.02155", "InstructGPT"),
    ("1803.02999", "Reptile: a scalable meta-learning algorithm"),
    ("2010.11929", "ViT"),
    ("2002.05709", "SimCLR"),
    ("1312.6114", "Auto-Encoding Variational Bayes"),
)
LINKS = (
    "<https://raft.github.io/raft.pdf|the Raft paper>",
    "<https://doc.rust-lang.org/book/ch10-03-lifetime-syntax.html|the lifetimes chapter>",
    "<https://jax.readthedocs.io/en/latest/notebooks/quickstart.html>",
    "<https://kubernetes.io/docs/concepts/extend-kubernetes/operator/|operator docs>",
    "<https://www.youtube.com/watch?v=vSfhkHvnzW8|3Blue1Brown on linear transformations>",
    "<https://learntla.com/|Learn TLA+>",
    "<https://lamport.azurewebsites.net/tla/tla.html>",
    "<https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/|MIT 18.06>",
    "<https://fasterthanli.me/articles/a-half-hour-to-learn-rust|a half-hour to learn Rust>",
    "<https://distill.pub/2017/momentum/|Why Momentum Really Works>",
    "<https://lilianweng.github.io/posts/2018-11-30-meta-learning/|Meta-Learning: Learning to "
    "Learn Fast>",
)
ACTS = (
    "read",
    "work through",
    "finish",
    "start",
    "skim",
    "reread",
    "take notes on",
    "review",
    "go through",
    "continue",
    "dig into",
    "get started on",
)
GOALS = (
    "implement a tiny {t} demo",
    "write a one-page explainer on {t}",
    "get {t} working end to end",
    "understand {t} well enough to teach it",
    "port my {t} notebook to JAX",
    "benchmark {t} against what we run in prod",
    "finally understand {t}",
    "prepare a lunch-and-learn on {t}",
)
FACTS = (
    "the SVD is just a rotation, a scaling and another rotation",
    "Raft's leader election is much simpler than Paxos' phase 1",
    "JAX's jit retraces on every new input shape",
    "the borrow checker is happier with indices than references in graph code",
    "first-order MAML gets you most of the way there",
    "Kubernetes operators are just control loops over custom resources",
    "good docs start from the reader's task, not the system's structure",
    "1:1s work better with a shared running doc",
    "warmup matters more than the exact learning rate schedule",
    "LSM trees trade read amplification for write throughput",
    "Kalman filters are Bayesian updates with Gaussians all the way down",
    "the FFT is a change of basis you can do in n log n",
    "eigenvectors of a symmetric matrix are orthogonal, which explains half of PCA",
    "layer norm is what keeps the residual stream sane",
    "most of our flaky tests are timeouts, not logic bugs",
    "TCP slow start is why small requests feel slow on new connections",
    "CRDT merge has to be commutative, associative and idempotent",
    "asyncio tasks need a reference or they can be garbage collected",
    "mixed precision needs loss scaling or the gradients underflow",
    "a B-tree node sized to a page is the whole trick",
    "feedback lands better when it is specific and soon",
)
BLOCKERS = (
    "spent the morning fighting CUDA versions",
    "got pulled into an incident",
    "the exercises took longer than I thought",
    "meetings ate half the day",
    "my laptop died after an update",
    "rabbit-holed on the math in the appendix",
    "the build took forever",
    "I underestimated the prerequisites",
)
OPENERS = (
    "Good morning :wave: ",
    "Morning all! ",
    "Happy Learning Day! ",
    "Today: ",
    "Hi! ",
    ":books: ",
    "",
    "",
    "",
    "",
    "",
    "",
)
SUMMARY_OPENERS = (
    "EOD: ",
    "Wrap-up: ",
    "Done for today. ",
    ":white_check_mark: ",
    "Progress report: ",
    "",
    "",
    "",
    "",
    "",
    "",
)
EMOJI = (" :rocket:", " :tada:", " :brain:", " :sweat_smile:", " :books:", " :thinking_face:")
PLAN_MARKERS = (
    ("plan: ", "summary: "),
    ("Plan: ", "Summary: "),
    ("#plan ", "#summary "),
    ("Plan: ", "TIL: "),
    ("PLAN: ", "TIL: "),
    ("plan: ", "til: "),
)
AMP = (  # Slack escapes &, < and > in message text
    "Good Q&amp;A session on {t}, learning a lot.",
    "Collecting docs &amp; examples for {t}.",
    "A mix of theory &amp; practice on {t}.",
    "Reading &amp; exercises on {t}.",
    "Wrestled with `Vec&lt;T&gt;` vs slices for a while.",
    "Finally get when to return `Result&lt;T, E&gt;` instead of panicking.",
    "Joined the R&amp;D reading group on {t}.",
    "Q&amp;A with the {t} folks at 3pm.",
)
REPLIES = (
    "+1, that one is great",
    "Thanks, adding it to my list!",
    "Which chapter are you on?",
    "Same here, I got stuck at the same spot",
    "Happy to pair on this next week",
    "Oh nice, do you have notes somewhere?",
    "This is super helpful, thank you",
    "I'd start with the exercises at the end",
    "Did you try the official tutorial first?",
    "Great summary! Mind if I share it with my team?",
    "Interesting, I always assumed the opposite",
)
RARE_SENTENCES = (
    f"Side quest: read about {RARE_WORD} (the chemistry of fermentation) for the homebrew club.",
    f"Also spent an hour on {RARE_WORD}; yeast kinetics is surprisingly close to queueing theory.",
    f"Unrelated, but {RARE_WORD} turns out to be a great word and a better hobby.",
)


# --------------------------------------------------------------------------- randomness


class Rng(Random):
    """``random.Random`` plus a faster uniform pick (``choice`` is the generator's hot spot)."""

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def uuid4(self) -> str:
        """A random (version 4) UUID string, like Slack's ``client_msg_id``."""
        n = self.getrandbits(128)
        n = (n & ~(0xC000 << 48)) | (0x8000 << 48)
        n = (n & ~(0xF000 << 64)) | (4 << 76)
        h = f"{n:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# --------------------------------------------------------------------------- people


@dataclass
class Person:
    idx: int
    uid: str
    zone: str
    zi: ZoneInfo
    first: str
    real_name: str
    reliability: float
    p_plan: float
    p_summary: float
    late_plan: float
    late_summary: float
    chatty: float  # expected extra posts per active day = chatty / (1 - chatty)
    plan_hour: float
    summary_hour: float
    markers: tuple[str, str] | None
    topics: list[str]
    start: int  # first week in the channel (a channel_join message that week if > 0)
    end: int  # first week no longer active (deleted users stop posting)
    joins: bool
    user: dict[str, Any] = field(repr=False, default_factory=dict)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum() or c in "-")


def _uid(rng: Rng, prefix: str, used: set[str]) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    while True:
        uid = prefix + "".join(rng.choices(alphabet, k=8))
        if uid not in used:
            used.add(uid)
            return uid


def _teams(count: int) -> list[str]:
    names = list(TEAM_NAMES[:count])
    n = 2
    while len(names) < count:
        names.extend(f"{t}-{n}" for t in TEAM_NAMES[: count - len(names)])
        n += 1
    return names


def make_people(
    rng: Rng, count: int, weeks: int, ref: datetime
) -> tuple[list[Person], list[dict[str, Any]]]:
    """``count`` people (deterministic for ``rng``) and the bots' user dicts."""
    used_ids: set[str] = set()
    used_names: set[str] = set()
    used_usernames: set[str] = set()
    zones = [z[0] for z in ZONES]
    zone_weights = [z[1] for z in ZONES]
    zone_info = {z[0]: z for z in ZONES}
    pool_weights = {p: 0.0 for p in POOLS}
    for z in ZONES:
        pool_weights[z[2]] += z[1]
    teams = _teams(min(200, max(10, count // 25)))
    team_cum: list[float] = []
    total = 0.0
    for i in range(len(teams)):
        total += 1 / (i + 1) ** 0.8
        team_cum.append(total)
    tzinfos = {z: ZoneInfo(z) for z in zones}

    def some(share: float, at_least: int) -> set[int]:
        # from 10 people on, at least one (three joiners), so that small sets have them too
        k = round(count * share) if count < 10 else max(at_least, round(count * share))
        return set(rng.sample(range(count), k))

    deleted_ids = some(DELETED_P, 1)
    no_tz_ids = some(NO_TZ_P, 1)
    joiner_ids = some(JOINER_P, 3) if weeks > 1 else set()
    people: list[Person] = []
    for idx in range(count):
        zone = rng.choices(zones, zone_weights)[0]
        pool = zone_info[zone][2]
        real_name = first = last = ""
        for attempt in range(16):
            p = (
                pool
                if attempt < 8 and rng.random() < 0.8
                else rng.choices(POOLS, [pool_weights[x] for x in POOLS])[0]
            )
            firsts, lasts = NAMES[p]
            first, last = rng.choice(firsts), rng.choice(lasts)
            real_name = f"{first} {last}"
            if real_name not in used_names:
                break
        else:
            n = 2
            while f"{first} {last} {n}" in used_names:
                n += 1
            last = f"{last} {n}"
            real_name = f"{first} {last}"
        used_names.add(real_name)
        base = f"{_ascii(first)}.{_ascii(last)}".strip(".") or "user"
        username, n = base, 2
        while username in used_usernames:
            username, n = f"{base}{n}", n + 1
        used_usernames.add(username)
        uid = _uid(rng, "U", used_ids)
        r = rng.random()
        if r < 0.65:
            display = first
        elif r < 0.85:
            display = ""  # the reader falls back to the real name
        elif r < 0.95:
            display = f"{first} {last[0]}."
        else:
            display = username
        deleted = idx in deleted_ids
        no_tz = idx in no_tz_ids
        joins = idx in joiner_ids
        start = rng.randrange(1, weeks) if joins else 0
        end = rng.randrange(max(1, weeks // 3), weeks + 1) if deleted else weeks
        team = teams[rng.choices(range(len(teams)), cum_weights=team_cum)[0]]
        role = rng.choice(ROLES)
        zi = tzinfos[zone]
        offset = ref.astimezone(zi).utcoffset()
        user: dict[str, Any] = {
            "id": uid,
            "team_id": TEAM_ID,
            "name": username,
            "deleted": deleted,
            "color": rng.choice(COLORS),
            "real_name": real_name,
        }
        if not no_tz:
            user["tz"] = zone
            user["tz_label"] = zone_info[zone][3]
            user["tz_offset"] = int(offset.total_seconds()) if offset else 0
        avatar = f"g{uid[1:8].lower()}a1b"
        user["profile"] = {
            "title": f"{role}, {team}" if role else "",
            "phone": "",
            "skype": "",
            "real_name": real_name,
            "real_name_normalized": unicodedata.normalize("NFKD", real_name)
            .encode("ascii", "ignore")
            .decode(),
            "display_name": display,
            "display_name_normalized": display,
            "fields": None,
            "status_text": "",
            "status_emoji": "",
            "status_expiration": 0,
            "avatar_hash": avatar,
            "first_name": first,
            "last_name": last,
            "image_72": f"https://avatars.slack-edge.com/2024-01-15/{uid}_72.png",
            "team": TEAM_ID,
        }
        user.update(
            {
                "is_admin": idx == 0,
                "is_owner": idx == 0,
                "is_primary_owner": idx == 0,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "is_bot": False,
                "is_app_user": False,
                "updated": 1_700_000_000 + rng.randrange(60_000_000),
                "team": team,
            }
        )
        style = rng.random()
        markers = rng.choice(PLAN_MARKERS) if style < 0.4 else None
        # quiet (0-0.33 extra posts a day), medium (0.5-1.5), chatty (1.5-3)
        chatty_kind = rng.random()
        chatty = (
            rng.uniform(0.0, 0.25)
            if chatty_kind < 0.35
            else rng.uniform(0.33, 0.6)
            if chatty_kind < 0.8
            else rng.uniform(0.6, 0.75)
        )
        people.append(
            Person(
                idx=idx,
                uid=uid,
                zone=zone,
                zi=zi,
                first=first,
                real_name=real_name,
                reliability=rng.uniform(0.5, 0.98),
                p_plan=rng.uniform(0.85, 0.99),
                p_summary=rng.uniform(0.7, 0.97),
                late_plan=rng.uniform(0.0, 0.12) if rng.random() < 0.3 else 0.0,
                late_summary=rng.uniform(0.0, 0.15) if rng.random() < 0.35 else 0.0,
                chatty=chatty,
                plan_hour=rng.uniform(8.0, 11.0),
                summary_hour=rng.uniform(14.0, 18.5),
                markers=markers,
                topics=rng.sample(TOPICS, rng.randrange(2, 6)),
                start=start,
                end=end,
                joins=joins,
                user=user,
            )
        )
    bots = []
    for name, real, emoji in (
        ("learningday-bot", "Learning Day Bot", ":books:"),
        ("geekbot", "Geekbot", ":robot_face:"),
        ("polly", "Polly", ":bar_chart:"),
    ):
        uid = _uid(rng, "U", used_ids)
        bot_id = _uid(rng, "B", used_ids)
        bots.append(
            {
                "id": uid,
                "team_id": TEAM_ID,
                "name": name,
                "deleted": False,
                "color": "757575",
                "real_name": real,
                "tz": "America/Los_Angeles",
                "tz_label": "Pacific Standard Time",
                "tz_offset": -28800,
                "profile": {
                    "title": "",
                    "real_name": real,
                    "real_name_normalized": real,
                    "display_name": "",
                    "display_name_normalized": "",
                    "avatar_hash": "a1b2c3d4e5f6",
                    "api_app_id": "A" + bot_id[1:],
                    "always_active": True,
                    "bot_id": bot_id,
                    "first_name": real,
                    "last_name": "",
                    "status_emoji": emoji,
                    "team": TEAM_ID,
                },
                "is_admin": False,
                "is_owner": False,
                "is_primary_owner": False,
                "is_restricted": False,
                "is_ultra_restricted": False,
                "is_bot": True,
                "is_app_user": False,
                "updated": 1_690_000_000,
                "team": "platform",
            }
        )
    return people, bots


# --------------------------------------------------------------------------- text


class Text:
    """Message texts built from the vocabulary, 20-600 characters."""

    def __init__(self, rng: Rng, people: list[Person]) -> None:
        self.rng = rng
        self.people = people

    def _topic(self, person: Person) -> str:
        rng = self.rng
        return rng.pick(person.topics) if rng.random() < 0.7 else rng.pick(TOPICS)

    def _resource(self, person: Person) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            return f"chapter {rng.randrange(1, 15)} of {rng.pick(BOOKS)}"
        if r < 0.45:
            aid, title = rng.pick(PAPERS)
            return f"<https://arxiv.org/abs/{aid}|{title}>"
        if r < 0.53:
            return rng.pick(LINKS)
        if r < 0.6:
            aid, title = rng.pick(PAPERS)
            return f"the {title} paper"
        return f"{rng.pick(('a tutorial on', 'the docs for', 'a course on', 'notes on'))} " + (
            self._topic(person)
        )

    def _mention(self) -> str:
        return f"<@{self.rng.pick(self.people).uid}>"

    def _sentence(self, person: Person, kind: str) -> str:
        rng = self.rng
        r = rng.random()
        t = self._topic(person)
        if kind == "plan":
            if r < 0.3:
                return f"{rng.pick(ACTS).capitalize()} {self._resource(person)}."
            if r < 0.5:
                return f"Goal: {rng.pick(GOALS).format(t=t)}."
            if r < 0.62:
                return f"Continuing with {t} from last week."
            if r < 0.7:
                return f"Pairing with {self._mention()} on {t}."
            if r < 0.78:
                return rng.pick(AMP).format(t=t)
            if r < 0.86:
                return f"Then {rng.pick(ACTS)} {self._resource(person)} if there is time."
            return f"My learning goal for today: {rng.pick(GOALS).format(t=t)}."
        if kind == "summary":
            if r < 0.25:
                return f"Got through {self._resource(person)}."
            if r < 0.45:
                return f"Learned that {rng.pick(FACTS)}."
            if r < 0.55:
                return f"Didn't get as far as I hoped: {rng.pick(BLOCKERS)}."
            if r < 0.65:
                return f"Wrote up notes on {t}: {rng.pick(LINKS)}"
            if r < 0.73:
                return f"Thanks {self._mention()} for the help with {t}!"
            if r < 0.8:
                return f"The {t} part finally clicked."
            if r < 0.87:
                return f"Next week: {rng.pick(GOALS).format(t=self._topic(person))}."
            return rng.pick(AMP).format(t=t)
        # extra / reply
        if r < 0.3:
            return f"Halfway through {self._resource(person)}; {rng.pick(FACTS)}."
        if r < 0.45:
            return f"Anyone know a good intro to {t}?"
        if r < 0.6:
            return f"Sharing in case it helps: {self._resource(person)}."
        if r < 0.7:
            return f"{self._mention()} you asked about {t} last week, this is the one."
        if r < 0.8:
            return f"Quick break, {t} is heavier than expected."
        return f"TIL {rng.pick(FACTS)}."

    def build(
        self, person: Person, kind: str, lo: int, hi: int, mode: int, limit: int = 560
    ) -> str:
        """A ``kind`` text aimed at a triangular length in ``lo..hi`` peaking at ``mode``.

        Whole sentences only (never a cut Slack token), at most ``limit`` characters plus an
        emoji code, so that with an opener or marker the message stays within 600.
        """
        rng = self.rng
        target = int(rng.triangular(lo, hi, mode))
        if kind == "reply":
            text = rng.pick(REPLIES)
            if rng.random() < 0.5:
                text += ". " + self._sentence(person, "extra")
        else:
            parts = [self._sentence(person, kind)]
            size = len(parts[0])
            bullets = kind == "summary" and target > 250 and rng.random() < 0.3
            more = (kind,) if kind != "extra" else ("extra", "plan", "summary")
            while size < target:
                s = self._sentence(person, rng.pick(more))
                if size + len(s) + 3 > limit:
                    break
                parts.append(s)
                size += len(s) + 3
            if bullets:
                text = "\n".join("• " + p for p in parts)
            else:
                text = " ".join(parts)
        if rng.random() < 0.12:
            text += rng.pick(EMOJI)
        if len(text) < 20:
            text += " Happy Learning Day!"
        return text


# --------------------------------------------------------------------------- messages


class Week:
    """One Learning Day's messages: held in memory, then sorted and written."""

    def __init__(self, rng: Rng) -> None:
        self.rng = rng
        self.used: set[int] = set()
        self.messages: list[tuple[int, dict[str, Any]]] = []

    def ts(self, when: datetime) -> tuple[int, str]:
        """A channel-unique ts (microseconds, string) in the second of ``when``."""
        t = int(when.timestamp()) * 1_000_000 + int(self.rng.random() * 1_000_000)
        while t in self.used:
            t += 1
        self.used.add(t)
        return t, f"{t // 1_000_000}.{t % 1_000_000:06d}"


def local(day: date, hours: float, zi: ZoneInfo) -> datetime:
    """``hours`` after local midnight of ``day`` (wall clock) as an aware datetime."""
    seconds = int(hours * 3600)
    return datetime(
        day.year, day.month, day.day, seconds // 3600, seconds // 60 % 60, seconds % 60, tzinfo=zi
    )


def person_message(
    week: Week, person: Person, when: datetime, text: str
) -> tuple[int, dict[str, Any]]:
    rng = week.rng
    t, ts = week.ts(when)
    msg: dict[str, Any] = {
        "client_msg_id": rng.uuid4(),
        "type": "message",
        "text": text,
        "user": person.uid,
        "ts": ts,
        "team": TEAM_ID,
    }
    if rng.random() < EDITED_P:
        msg["edited"] = {
            "user": person.uid,
            "ts": f"{t // 1_000_000 + rng.randrange(20, 3600)}.000000",
        }
    item = (t, msg)
    week.messages.append(item)
    return item


def gen_week(
    rng: Rng,
    texts: Text,
    people: list[Person],
    bots: list[dict[str, Any]],
    w: int,
    thursday: date,
    rare: set[tuple[int, int]],
) -> Week:
    week = Week(rng)
    wed, fri = thursday - timedelta(days=1), thursday + timedelta(days=1)
    random_ = rng.random
    uniform = rng.uniform
    top: list[tuple[int, dict[str, Any], Person]] = []
    active: list[Person] = []
    for p in people:
        if w < p.start or w >= p.end:
            continue
        if p.joins and w == p.start:
            t, ts = week.ts(local(wed, uniform(9.0, 17.0), p.zi))
            week.messages.append(
                (
                    t,
                    {
                        "type": "message",
                        "subtype": "channel_join",
                        "ts": ts,
                        "user": p.uid,
                        "text": f"<@{p.uid}> has joined the channel",
                    },
                )
            )
        forced = (w, p.idx) in rare
        if not forced and random_() >= p.reliability:
            continue
        active.append(p)
        plan_h = summary_h = None
        if random_() < p.p_plan:
            if random_() < p.late_plan:
                plan_at = local(wed, uniform(18.0, 23.9), p.zi)
            else:
                plan_h = min(11.5, max(8.0, p.plan_hour + uniform(-0.6, 0.6)))
                plan_at = local(thursday, plan_h, p.zi)
            text = texts.build(p, "plan", 20, 400, 90)
            if p.markers and random_() < 0.85:
                text = p.markers[0] + text
            else:
                text = rng.pick(OPENERS) + text
            top.append((*person_message(week, p, plan_at, text), p))
        if forced or random_() < p.p_summary:
            if not forced and random_() < p.late_summary:
                summary_at = local(fri, uniform(7.0, 11.95), p.zi)
            else:
                summary_h = min(19.0, max(13.0, p.summary_hour + uniform(-0.8, 0.8)))
                summary_at = local(thursday, summary_h, p.zi)
            if forced:
                text = texts.build(p, "summary", 30, 450, 150, limit=460)
                text += " " + rng.pick(RARE_SENTENCES)
            else:
                text = texts.build(p, "summary", 30, 600, 180)
            if p.markers and random_() < 0.85:
                text = p.markers[1] + text
            else:
                text = rng.pick(SUMMARY_OPENERS) + text
            top.append((*person_message(week, p, summary_at, text), p))
        # extra posts (progress notes, questions, links) between plan and summary
        lo = (plan_h or 9.0) + 0.2
        hi = max(lo + 0.5, (summary_h or 17.5) - 0.2)
        while random_() < p.chatty:
            text = texts.build(p, "extra", 20, 300, 70)
            top.append((*person_message(week, p, local(thursday, uniform(lo, hi), p.zi), text), p))
    # thread replies: ~3% of messages
    if active:
        for t, parent, author in top:
            if random_() >= THREAD_PARENT_P:
                continue
            replies: list[dict[str, str]] = []
            when = t // 1_000_000
            while True:
                when += int(rng.triangular(60, 6 * 3600, 600))
                replier = author if random_() < 0.2 else rng.pick(active)
                text = texts.build(replier, "reply", 20, 200, 40)
                _, msg = person_message(week, replier, datetime.fromtimestamp(when, UTC), text)
                msg["thread_ts"] = parent["ts"]
                msg["parent_user_id"] = author.uid
                if random_() < BROADCAST_P:
                    msg["subtype"] = "thread_broadcast"
                replies.append({"user": replier.uid, "ts": msg["ts"]})
                if random_() >= THREAD_MORE_P:
                    break
            users = list(dict.fromkeys(r["user"] for r in replies))
            parent["thread_ts"] = parent["ts"]
            parent["reply_count"] = len(replies)
            parent["reply_users_count"] = len(users)
            parent["latest_reply"] = max(replies, key=lambda r: float(r["ts"]))["ts"]
            parent["reply_users"] = users
            parent["replies"] = replies
            parent["is_locked"] = False
            parent["subscribed"] = False
    # bots: reminders on Thursday, a digest on Friday, an occasional poll
    reminder, digest, poll = bots

    def bot_message(bot: dict[str, Any], when: datetime, text: str, emoji: str) -> None:
        t, ts = week.ts(when)
        week.messages.append(
            (
                t,
                {
                    "type": "message",
                    "subtype": "bot_message",
                    "text": text,
                    "ts": ts,
                    "username": bot["real_name"],
                    "bot_id": bot["profile"]["bot_id"],
                    "icons": {"emoji": emoji},
                },
            )
        )

    for zone in ("Asia/Tokyo", "Europe/Berlin", "America/New_York"):
        bot_message(
            reminder,
            local(thursday, 9.0, ZoneInfo(zone)),
            "Happy Learning Day! :books: Post your plan for today in this channel "
            "(start with `plan:` if you like) and a summary before you log off.",
            ":books:",
        )
    bot_message(
        reminder,
        local(thursday, 16.5, ZoneInfo("America/New_York")),
        "Reminder: wrap up your Learning Day with a short summary of what you learned. <!here>",
        ":books:",
    )
    bot_message(
        digest,
        local(fri, 19.0, ZoneInfo("UTC")),
        f"Weekly digest for {thursday.isoformat()}: {len(active):,} people posted "
        f"{len(top):,} messages in <#{CHANNEL_ID}|{CHANNEL_NAME}>. Keep learning!",
        ":robot_face:",
    )
    if random_() < 0.3:
        bot_message(
            poll,
            local(thursday, 12.0, ZoneInfo("Europe/London")),
            f"*Poll:* what should next month's Learning Day theme be? "
            f":one: {rng.pick(TOPICS)} :two: {rng.pick(TOPICS)} "
            f":three: {rng.pick(TOPICS)}",
            ":bar_chart:",
        )
    return week


# --------------------------------------------------------------------------- output


class Sink:
    """Writes export files into a folder or a zip (fixed entry dates: deterministic)."""

    def __init__(self, out: Path, as_zip: bool) -> None:
        self.as_zip = as_zip
        self.bytes = 0
        if as_zip:
            self.path = out if out.suffix == ".zip" else out.with_name(out.name + ".zip")
            self.tmp = self.path.with_name(self.path.name + ".partial")
            self.zip: zipfile.ZipFile | None = zipfile.ZipFile(self.tmp, "w")
        else:
            self.path = out
            self.zip = None
            if out.exists():
                if not out.is_dir():
                    sys.exit(f"{out} exists and is not a folder: not overwriting it")
                if not (out / "users.json").is_file() and any(out.iterdir()):
                    sys.exit(f"{out} exists and is not an export: not overwriting it")
                shutil.rmtree(out)
            (out / CHANNEL_NAME).mkdir(parents=True)

    def write(self, rel: str, data: bytes) -> None:
        self.bytes += len(data)
        if self.zip is not None:
            info = zipfile.ZipInfo(rel, date_time=ZIP_DATE_TIME)
            info.external_attr = 0o644 << 16
            self.zip.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
        else:
            (self.path / rel).write_bytes(data)

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()
            self.tmp.replace(self.path)


def thursdays(count: int) -> list[date]:
    newest = END_DATE - timedelta(days=(END_DATE.weekday() - 3) % 7)
    return [newest - timedelta(weeks=count - 1 - i) for i in range(count)]


def pick_rare(rng: Rng, people: list[Person], weeks: int) -> set[tuple[int, int]]:
    """The (week, person) slots whose summary mentions :data:`RARE_WORD`."""
    slots = sum(max(0, p.end - p.start) for p in people)
    rare: set[tuple[int, int]] = set()
    while len(rare) < min(RARE_POSTS, slots):
        p = rng.choice(people)
        w = rng.randrange(weeks)
        if p.start <= w < p.end:
            rare.add((w, p.idx))
    return rare


_STATE: dict[str, Any] = {}
"""Per process: what :func:`week_files` needs (set by :func:`_init` in worker processes)."""


def _init(state: dict[str, Any]) -> None:
    _STATE.update(state)


def week_files(w: int) -> tuple[list[tuple[str, bytes]], int, int]:
    """Learning Day ``w``'s day files (name, bytes), its message count and post count.

    Each week has its own generator seeded from ``(seed, w)``, so weeks can be made in any
    order or in parallel and the bytes do not depend on ``--jobs``.
    """
    st = _STATE
    rng = Rng(f"{st['seed']}:week:{w}")
    week = gen_week(
        rng, Text(rng, st["people"]), st["people"], st["bots"], w, st["days"][w], st["rare"]
    )
    week.messages.sort(key=lambda item: item[0])
    by_day: dict[int, list[str]] = {}
    dumps = json.dumps
    posts = 0
    for t, msg in week.messages:
        by_day.setdefault(t // 86_400_000_000, []).append(dumps(msg))
        if msg.get("subtype") in (None, "thread_broadcast"):
            posts += 1
    epoch = date(1970, 1, 1)
    files = [
        (
            f"{CHANNEL_NAME}/{(epoch + timedelta(days=day)).isoformat()}.json",
            ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8"),
        )
        for day, lines in by_day.items()
    ]
    return files, len(week.messages), posts


def _weeks_in_order(count: int, jobs: int, state: dict[str, Any]) -> Iterator[Any]:
    """``week_files(0..count-1)`` in order, computed by ``jobs`` processes, few at a time."""
    if jobs <= 1 or count <= 1:
        _init(state)
        yield from map(week_files, range(count))
        return
    with multiprocessing.Pool(jobs, initializer=_init, initargs=(state,)) as pool:
        pending: deque[Any] = deque()
        for w in range(count):
            pending.append(pool.apply_async(week_files, (w,)))
            if len(pending) >= 2 * jobs:  # bounded: memory stays a few weeks' worth
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def generate(
    people_count: int, weeks: int, seed: int, out: Path, as_zip: bool, jobs: int = 1
) -> dict[str, Any]:
    """Write the data set; return counts (people, bots, posts, messages, files, bytes, path)."""
    rng = Rng(seed)
    days = thursdays(weeks)
    ref = datetime(END_DATE.year, END_DATE.month, END_DATE.day, 12, tzinfo=UTC)
    people, bots = make_people(rng, people_count, weeks, ref)
    rare = pick_rare(rng, people, weeks)
    sink = Sink(out, as_zip)
    users = [p.user for p in people] + bots
    sink.write("users.json", (json.dumps(users, indent=4) + "\n").encode("utf-8"))
    created = datetime(days[0].year, days[0].month, days[0].day, tzinfo=UTC) - timedelta(days=9)
    channel = {
        "id": CHANNEL_ID,
        "name": CHANNEL_NAME,
        "created": int(created.timestamp()),
        "creator": people[0].uid,
        "is_archived": False,
        "is_general": False,
        "members": [u["id"] for u in users],
        "pins": [],
        "topic": {
            "value": "Learning Day: a plan in the morning, a summary at the end of the day",
            "creator": people[0].uid,
            "last_set": int(created.timestamp()),
        },
        "purpose": {"value": "Every Thursday is Learning Day", "creator": "", "last_set": 0},
    }
    sink.write("channels.json", (json.dumps([channel], indent=4) + "\n").encode("utf-8"))
    stats: dict[str, Any] = {
        "people": people_count,
        "bots": len(bots),
        "posts": 0,
        "messages": 0,
        "files": 0,
    }
    state = {"seed": seed, "people": people, "bots": bots, "days": days, "rare": rare}
    for files, messages, posts in _weeks_in_order(weeks, jobs, state):
        for name, data in files:
            sink.write(name, data)
        stats["files"] += len(files)
        stats["messages"] += messages
        stats["posts"] += posts
    sink.close()
    stats["bytes"] = sink.bytes
    stats["path"] = str(sink.path)
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic Slack export of a #learning-day channel (benchmarks)."
    )
    parser.add_argument("--people", type=int, required=True, help="number of people (not bots)")
    parser.add_argument("--thursdays", type=int, required=True, help="number of Learning Days")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--zip", action="store_true", help="write OUT.zip instead of a folder")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(8, os.cpu_count() or 1),
        help="worker processes (default: CPUs, at most 8); the output does not depend on it",
    )
    args = parser.parse_args(argv)
    if args.people < 1 or args.thursdays < 1:
        parser.error("--people and --thursdays must be at least 1")
    started = time.perf_counter()
    stats = generate(args.people, args.thursdays, args.seed, args.out, args.zip, args.jobs)
    seconds = time.perf_counter() - started
    zipped = f" (zip {Path(stats['path']).stat().st_size / 1e6:,.1f} MB)" if args.zip else ""
    print(
        f"people {stats['people']:,} (+{stats['bots']} bots) · posts {stats['posts']:,} · "
        f"messages {stats['messages']:,} · files {stats['files']:,} · "
        f"{stats['bytes'] / 1e6:,.1f} MB{zipped} · {seconds:.1f} s → {stats['path']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
