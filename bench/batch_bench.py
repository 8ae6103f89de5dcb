"""Batch screening benchmark: synthetic customers, listed names planted, screened three ways.

    /work/venv/bin/python bench/batch_bench.py [--rows 1000000] [--spark-rows 100000] [--workers 1,2]

Generates a customer file (deterministic seed) of realistic names in Latin,
Cyrillic, Arabic and Chinese script drawn from small name tables, with a few
hundred names of listed entities planted at random rows — some as listed,
some with a typo, in another script or spelling, or without the patronymic.
It screens the file with ``zaslon screen`` for each ``--workers`` value (a
subprocess each, as a user runs it) and a sample with Spark ``local[2]``,
and prints per run: rows/s (screening only: the engine build is reported
apart), peak memory of the whole process tree (PSS, so pages shared between
forked workers count once), memory at a quarter, half and three quarters of
the run (flat means memory does not grow with the rows), and how many
planted names were found (their entity among the row's hits).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from zaslon.engine import Engine
from zaslon.settings import Settings

TARGET_ROWS_PER_SECOND = 3000
MAP = "name=full_name,dob=birth_date,country=country,schema=kind"


def _words(text: str) -> list[str]:
    return text.split()


LATIN_FIRST = _words(
    """
James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
Joseph Jessica Thomas Sarah Carlos Lucia Jose Sofia Juan Valentina Luis Camila Pierre Camille Jean
Chloe Hans Anna Lukas Lena Marco Giulia Luca Chiara Pedro Ana Joao Beatriz Jan Zofia Piotr Katarzyna
Erik Ingrid Lars Emma Noah Olivia Liam Ava Mateo Isabella Hugo Alice Finn Mia Oskar Nora Tomas Eva
Andrei Elena Mihai Ioana
"""
)
LATIN_LAST = _words(
    """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker
Young Allen King Muller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Dubois
Durand Lefebvre Moreau Laurent Rossi Russo Ferrari Esposito Bianchi Romano Colombo Silva Santos
Ferreira Pereira Oliveira Costa Nowak Kowalski Wisniewski Wojcik Jensen Nielsen Hansen Andersen
Larsen Popescu Ionescu Dumitru Novak Horvat Kovacs Nagy
"""
)
CYR_FIRST = _words(
    """
Александр Дмитрий Максим Сергей Андрей Алексей Артём Илья Кирилл Михаил Никита Матвей Роман Егор
Арсений Иван Денис Евгений Даниил Тимофей Анна Мария Елена Дарья Алина Ирина Екатерина Наталья Ольга
Татьяна Юлия Светлана Ксения Полина Вера Галина
"""
)
CYR_PATRONYMIC = _words(
    """
Александрович Дмитриевич Сергеевич Андреевич Алексеевич Иванович Михайлович Николаевич Петрович
Юрьевич Викторович Олегович Владимирович Павлович Борисович Геннадьевич
"""
)
CYR_LAST = _words(
    """
Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Фёдоров Морозов Волков Алексеев Лебедев
Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв
Борисов Яковлев Григорьев Романов Воробьёв Шевченко Бондаренко Коваленко Ткаченко Мельник
"""
)
AR_FIRST = _words(
    """
محمد أحمد علي حسن حسين عمر خالد يوسف إبراهيم عبدالله مصطفى طارق سامي كريم ماجد فاطمة عائشة مريم زينب
نور ليلى سارة هدى رانيا
"""
)
AR_LAST = _words(
    """
الحسيني العلي الخطيب النجار الحداد الشامي المصري البغدادي الزعبي العمري الخوري السيد القاسم الرفاعي
التميمي الجبوري العبيدي الحلبي الكردي المالكي
"""
)
ZH_LAST = _words(
    """
王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹
"""
)
ZH_GIVEN = _words(
    """
伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 华 建华 文 晓明 志强 海燕 玉兰 子轩 浩然 雨桐 欣怡 梓涵 宇航
"""
)
COMPANY_WORDS = _words(
    """
Atlas Nordic Blue River Summit Green Valley Pacific Horizon Silver Oak Eagle Crown Delta Alpine
Meridian Harbor Sunrise Iron Golden Coastal Prime Union Royal Northern Southern Star
"""
)
COMPANY_KINDS = _words(
    """
Trading Logistics Foods Textiles Engineering Holdings Shipping Consulting Pharma Electronics
Construction Marine Agro Metals Energy Retail
"""
)
COMPANY_FORMS = ["Ltd", "LLC", "GmbH", "S.A.", "B.V.", "Inc", "AG", "S.r.l.", "Sp. z o.o.", "OOO"]
COUNTRIES = ["GB", "US", "DE", "FR", "ES", "IT", "PL", "RU", "UA", "CN", "AE", "SA", "EG", "NL", "SE", "TR"]


@dataclass(slots=True)
class Planted:
    row: int
    entity_id: str
    name: str
    variant: str


@dataclass(slots=True)
class Result:
    label: str
    rows: int
    seconds: float
    build_seconds: float
    peak_mb: float
    samples_mb: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0
    found: int = 0
    any_hit: int = 0
    planted: int = 0
    rows_with_hit: int = 0
    note: str = ""
    load: float = 0.0

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def cpu_rate(self) -> float:
        """Rows per CPU-second: what a run does per core when it has the cores to itself."""
        return self.rows / self.cpu_seconds if self.cpu_seconds else 0.0


# ---- synthetic data --------------------------------------------------------------------


def _customer(rng: random.Random) -> tuple[str, str, str, str]:
    """One ordinary customer: name, birth date, country, schema."""
    if rng.random() < 0.1:
        name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)} {rng.choice(COMPANY_FORMS)}"
        return name, "", rng.choice(COUNTRIES), "Company"
    dob = f"{rng.randint(1935, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    script = rng.random()
    if script < 0.55:
        first = rng.choice(LATIN_FIRST)
        if rng.random() < 0.15:
            first += " " + rng.choice(LATIN_FIRST)
        return f"{first} {rng.choice(LATIN_LAST)}", dob, rng.choice(COUNTRIES), "Person"
    if script < 0.75:
        last = rng.choice(CYR_LAST)
        first = rng.choice(CYR_FIRST)
        if first.endswith(("а", "я")):  # a woman's surname takes -а
            last = last[:-1] + "ко" if last.endswith("ко") else last + "а"
        parts = [first, rng.choice(CYR_PATRONYMIC), last] if rng.random() < 0.5 else [first, last]
        return " ".join(parts), dob, rng.choice(["RU", "UA", "BY", "KZ"]), "Person"
    if script < 0.9:
        return (
            f"{rng.choice(AR_FIRST)} {rng.choice(AR_LAST)}",
            dob,
            rng.choice(["EG", "SA", "AE", "JO"]),
            "Person",
        )
    return rng.choice(ZH_LAST) + rng.choice(ZH_GIVEN), dob, "CN", "Person"


_PATRONYMIC = re.compile(r"(ovich|evich|ovych|ievich|ovna|evna|yevich|ich|ovitch)$", re.IGNORECASE)
_SPELLING = [("y", "i"), ("kh", "h"), ("ou", "u"), ("ei", "ey"), ("sh", "ch"), ("ph", "f"), ("ck", "k")]


def _customer_order(caption: str) -> str:
    """``PUTIN, Vladimir`` as a customer file writes it: ``Vladimir Putin``."""
    if "," in caption:
        last, _, first = caption.partition(",")
        caption = f"{first.strip()} {last.strip()}"
    return " ".join(w if not w.isupper() else w.title() for w in caption.split())


def _typo(name: str, rng: random.Random) -> str:
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[longest]
    if len(w) < 5:
        return name
    i = rng.randint(1, len(w) - 2)
    kind = rng.random()
    if kind < 0.4:
        w = w[:i] + w[i + 1 :]  # dropped letter
    elif kind < 0.7:
        w = w[:i] + w[i + 1] + w[i] + w[i + 2 :]  # swapped letters
    else:
        w = w[:i] + w[i] + w[i:]  # doubled letter
    words[longest] = w
    return " ".join(words)


def _latin(text: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in text if c.isalpha())


def choose_planted(engine: Engine, count: int, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """``(entity_id, name, variant, schema)`` for listed people and organisations, some with noise."""
    index = engine.index
    people, orgs = [], []
    for entity in sorted(index.entities, key=lambda e: e.id):
        words = entity.caption.replace(",", " ").split()
        if not 2 <= len(words) <= 5 or not _latin(entity.caption) or any(c.isdigit() for c in entity.caption):
            continue
        (people if entity.schema == "Person" else orgs).append(entity)
    chosen = rng.sample(people, int(count * 0.8)) + rng.sample(orgs, count - int(count * 0.8))
    out = []
    for entity in chosen:
        name = _customer_order(entity.caption)
        roll = rng.random()
        variant = "listed"
        if roll < 0.2:
            variant, name = "typo", _typo(name, rng)
        elif roll < 0.45:
            other = [
                index.forms[f].original
                for f in entity.forms
                if not _latin(index.forms[f].original) and len(index.forms[f].original) > 3
            ]
            if other:
                variant, name = "other script", min(other)
            else:
                spelled = name
                for a, b in _SPELLING:
                    if a in spelled.lower():
                        spelled = re.sub(a, b, spelled, count=1, flags=re.IGNORECASE)
                        break
                if spelled != name:
                    variant, name = "spelling", spelled
        elif roll < 0.65 and entity.schema == "Person":
            words = name.split()
            kept = [w for w in words if not _PATRONYMIC.search(w)]
            if len(words) >= 3 and 2 <= len(kept) < len(words):
                variant, name = "no patronymic", " ".join(kept)
        out.append((entity.id, name, variant, "Person" if entity.schema == "Person" else "Organization"))
    return out


def write_customers(
    path: Path, rows: int, planted_names: list[tuple[str, str, str, str]], seed: int
) -> list[Planted]:
    rng = random.Random(seed)
    positions = sorted(rng.sample(range(1, rows + 1), min(len(planted_names), rows)))
    at = dict(zip(positions, planted_names))
    planted: list[Planted] = []
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["customer_id", "full_name", "birth_date", "country", "kind"])
        for number in range(1, rows + 1):
            if number in at:
                entity_id, name, variant, schema = at[number]
                writer.writerow([f"K{number:08d}", name, "", "", schema])
                planted.append(Planted(number, entity_id, name, variant))
            else:
                writer.writerow([f"K{number:08d}", *_customer(rng)])
    return planted


# ---- measuring ---------------------------------------------------------------------------


class MemorySampler:
    """Peak and periodic PSS of a process tree (the root and every descendant)."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self.root = psutil.Process(pid)
        self.every = every
        self.samples: list[tuple[float, float]] = []
        self.cpu: dict[int, float] = {}  # seconds of CPU each process of the tree used, last seen
        self.load: list[float] = []  # the machine's 1-minute load average: other work shares the cores
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree_mb(self) -> float:
        total = 0
        for proc in [self.root, *self.root.children(recursive=True)]:
            try:
                total += proc.memory_full_info().pss
                times = proc.cpu_times()
                self.cpu[proc.pid] = times.user + times.system
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return total / 2**20

    def _run(self) -> None:
        start = time.monotonic()
        while not self._stop.is_set():
            try:
                self.samples.append((time.monotonic() - start, self._tree_mb()))
                self.load.append(os.getloadavg()[0])
            except psutil.NoSuchProcess:
                break
            self._stop.wait(self.every)

    def stop(self) -> tuple[float, list[float]]:
        self._stop.set()
        self._thread.join()
        if not self.samples:
            return 0.0, []
        peak = max(mb for _, mb in self.samples)
        end = self.samples[-1][0]
        quarters = []
        for q in (0.25, 0.5, 0.75):
            quarters.append(min(self.samples, key=lambda s: abs(s[0] - q * end))[1])
        return peak, quarters


_SUMMARY = re.compile(
    r"rows read (\d+), screened (\d+), rejected (\d+), rows with a hit (\d+), hits (\d+), time ([\d.]+) s"
)
_BUILD = re.compile(r"built in ([\d.]+) s")


def found_in_csv(out: Path, planted: list[Planted]) -> tuple[int, int]:
    wanted = {p.row: p.entity_id for p in planted}
    exact: set[int] = set()
    anyhit: set[int] = set()
    with open(out, encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            row = int(rec["row"])
            if row in wanted:
                anyhit.add(row)
                if rec["entity_id"] == wanted[row]:
                    exact.add(row)
    return len(exact), len(anyhit)


def run_cli(
    data_dir: Path, input_path: Path, out: Path, workers: int, rows: int, planted: list[Planted]
) -> Result:
    command = [
        sys.executable, "-c", "from zaslon.cli import main; main()", "--data-dir", str(data_dir), "screen",
        str(input_path), "--map", MAP, "--out", str(out), "--workers", str(workers), "--restart",
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = MemorySampler(process.pid)
    _, stderr = process.communicate()
    peak, quarters = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = sum(sampler.load) / max(1, len(sampler.load))
    # the subprocess and its reaped workers; the engine build is left out by its own wall time
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if process.returncode != 0:
        raise SystemExit(f"zaslon screen failed:\n{stderr}")
    summary = _SUMMARY.search(stderr)
    build = _BUILD.search(stderr)
    assert summary, stderr
    exact, anyhit = found_in_csv(out, planted)
    result = Result(
        f"zaslon screen --workers {workers}", rows, float(summary[6]), float(build[1]) if build else 0.0, peak,
        quarters, cpu, exact, anyhit, len(planted), int(summary[4]),
    )  # fmt: skip
    result.load = load
    return result


def run_spark(engine: Engine, input_path: Path, rows: int, planted: list[Planted], work: Path) -> Result:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from zaslon.batch.spark import screen_dataframe

    spark = (
        SparkSession.builder.master("local[2]").appName("zaslon-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.memory", "1g").getOrCreate()
    )  # fmt: skip
    spark.sparkContext.setLogLevel("ERROR")
    sampler = MemorySampler(os.getpid())
    time.sleep(0.6)  # one sample of the CPU already used (JVM start), to leave out
    cpu_before = sum(sampler.cpu.values())
    started = time.perf_counter()
    df = spark.read.option("header", True).csv(str(input_path)).repartition(8)
    out = work / "spark_hits.parquet"
    screen_dataframe(df, MAP, engine=engine, keep=["customer_id"]).write.mode("overwrite").parquet(str(out))
    seconds = time.perf_counter() - started
    peak, quarters = sampler.stop()
    cpu = sum(sampler.cpu.values()) - cpu_before
    load = sum(sampler.load) / max(1, len(sampler.load))
    hits = (
        spark.read.parquet(str(out))
        .where("entity_id is not null")
        .select("customer_id", "entity_id")
        .collect()
    )
    spark.stop()
    wanted = {f"K{p.row:08d}": p.entity_id for p in planted}
    exact = {h["customer_id"] for h in hits if wanted.get(h["customer_id"]) == h["entity_id"]}
    anyhit = {h["customer_id"] for h in hits if h["customer_id"] in wanted}
    rows_with_hit = len({h["customer_id"] for h in hits})
    return Result("Spark local[2]", rows, seconds, 0.0, peak, quarters, cpu, len(exact), len(anyhit), len(planted),
                  rows_with_hit, "time includes broadcast and engine unpickling in each Python worker",
                  load)  # fmt: skip


def report(results: list[Result], missed: dict[str, list[Planted]]) -> None:
    print()
    print(f"{'run':28} {'rows':>9} {'rows/s':>8} {'x target':>8} {'rows/cpu-s':>10} {'build s':>7} {'peak MB':>8} "
          f"{'MB @25/50/75%':>16} {'planted found':>14} {'any hit':>8} {'rows w/ hit':>11}")  # fmt: skip
    for r in results:
        mem = "/".join(f"{m:.0f}" for m in r.samples_mb)
        print(f"{r.label:28} {r.rows:>9} {r.rate:>8.0f} {r.rate / TARGET_ROWS_PER_SECOND:>8.2f} {r.cpu_rate:>10.0f} "
              f"{r.build_seconds:>7.1f} {r.peak_mb:>8.0f} {mem:>16} {r.found:>6}/{r.planted:<7} "
              f"{r.any_hit:>8} {r.rows_with_hit:>11} {r.load:>5.1f}")  # fmt: skip
        if r.note:
            print(f"  ({r.note})")
    for label, items in missed.items():
        if items:
            print(f"\n{label}: planted names not found ({len(items)}):")
            for p in items[:15]:
                print(f"  row {p.row}: {p.name!r} ({p.variant}) should be {p.entity_id}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--planted", type=int, default=300)
    parser.add_argument("--spark-rows", type=int, default=100_000, help="0: no Spark run")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument(
        "--work", type=Path, default=None, help="Folder for data and outputs (default: temp)."
    )
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="zaslon-batch-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data_dir = work / "data"
    print(f"work folder: {work}", file=sys.stderr)
    engine = Engine.open(Settings(data_dir=data_dir))
    rng = random.Random(args.seed)
    planted_names = choose_planted(engine, args.planted, rng)
    input_path = work / f"customers_{args.rows}.csv"
    started = time.perf_counter()
    planted = write_customers(input_path, args.rows, planted_names, args.seed)
    size = input_path.stat().st_size / 2**20
    print(f"generated {args.rows} rows ({size:.0f} MB), {len(planted)} planted, in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)  # fmt: skip
    variants: dict[str, int] = {}
    for p in planted:
        variants[p.variant] = variants.get(p.variant, 0) + 1
    print(f"planted variants: {variants}", file=sys.stderr)
    results: list[Result] = []
    missed: dict[str, list[Planted]] = {}
    # the CPU a run spends starting and building its engine, to leave out of rows per CPU-second
    tiny = work / "one_row.csv"
    with open(input_path, encoding="utf-8") as src:
        tiny.write_text(src.readline() + src.readline(), encoding="utf-8")
    baseline = run_cli(data_dir, tiny, work / "one_row_hits.csv", 1, 1, []).cpu_seconds
    for workers in (int(w) for w in args.workers.split(",") if w):
        out = work / f"hits_w{workers}.csv"
        print(f"running zaslon screen --workers {workers} ...", file=sys.stderr)
        result = run_cli(data_dir, input_path, out, workers, args.rows, planted)
        result.cpu_seconds = max(0.0, result.cpu_seconds - baseline)
        results.append(result)
        print(f"  {result.rate:.0f} rows/s", file=sys.stderr)
        with open(out, encoding="utf-8", newline="") as fh:
            got = {(int(r["row"]), r["entity_id"]) for r in csv.DictReader(fh)}
        missed[result.label] = [p for p in planted if (p.row, p.entity_id) not in got]
    if results:
        report(results, missed)  # the local runs stand even if the Spark run fails
    if args.spark_rows:
        sample = input_path
        spark_planted = planted
        if args.spark_rows < args.rows:
            sample = work / f"customers_{args.spark_rows}.csv"
            with open(input_path, encoding="utf-8") as src, open(sample, "w", encoding="utf-8") as dst:
                for i, line in enumerate(src):
                    if i > args.spark_rows:
                        break
                    dst.write(line)
            spark_planted = [p for p in planted if p.row <= args.spark_rows]
        print(f"running Spark local[2] on {args.spark_rows} rows ...", file=sys.stderr)
        spark_result = run_spark(engine, sample, min(args.spark_rows, args.rows), spark_planted, work)
        report([spark_result], {})
    print(f"(load: mean 1-minute load average during the run, on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
