"""Two sheets as hospitals keep them (issue 12), made reproducibly for the tests.

``chinese_workbook``: a Chinese spine unit's workbook: a title row above the header, Chinese
headers (住院号 / 性别 / 年龄 / 原发肿瘤 / 手术日期 / VAS术前 ...), values 男/女/M/F, "47岁",
"breast ca", "RCC", 肺腺癌, 死亡/存活, one date typed "2017.03.15", patients' initials, free-text
complications, a note column and a note row at the bottom.

``european_csv``: a European CSV: ``;`` separators, decimal commas, DD/MM/YYYY dates, VAS on
a 100 mm line, English headers as people write them.

Invented patients (fixed seed); no real data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl

N_PATIENTS = 30
_TUMOURS_ZH = ["breast ca", "RCC", "肺腺癌", "乳腺癌", "前列腺癌", "肝癌", "甲状腺癌"]
_TUMOURS_EU = ["Breast ca", "RCC", "NSCLC", "Prostate", "Myeloma"]
_COMPLICATIONS_ZH = ["无", "无", "无", "切口感染", "骨水泥渗漏", "无", "肺部感染"]
_GRADES = {"切口感染": "II", "骨水泥渗漏": "I", "肺部感染": "II"}


def _patients(seed: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    start = dt.date(2017, 3, 1)
    patients = []
    for number in range(N_PATIENTS):
        surgery = start + dt.timedelta(days=int(rng.integers(0, 1500)))
        dead = number % 3 == 0
        death_day = int(rng.integers(60, 700)) if dead else None
        last_day = death_day if dead else int(rng.integers(200, 900))
        preop = float(rng.integers(6, 10))
        patients.append(
            {
                "number": number,
                "surgery": surgery,
                "dead": dead,
                "death_day": death_day,
                "last_day": last_day,
                "age": int(rng.integers(38, 82)),
                "male": bool(rng.integers(0, 2)),
                "kps": int(rng.choice([40, 50, 60, 70, 80])),
                "vas": {
                    "preop": preop,
                    "d7": max(preop - 4 - float(rng.integers(0, 2)), 0),
                    "m3": max(preop - 5 + float(rng.integers(-1, 2)), 0),
                    "m6": max(preop - 5 + float(rng.integers(-1, 2)), 0),
                },
                "barthel": {
                    "preop": int(rng.integers(4, 12)) * 5,
                    "m3": int(rng.integers(12, 20)) * 5,
                },
                "minutes": int(rng.integers(60, 200)),
                "blood": int(rng.integers(20, 400)),
                "cement": round(float(rng.uniform(2, 8)), 1),
            }
        )
    return patients


def _visit_open(patient: dict[str, Any], target_day: int) -> bool:
    """Assessed at a visit: alive on its target day and still followed."""
    last = patient["last_day"]
    return last >= target_day


_TARGETS = {"preop": 0, "d7": 7, "m3": 91, "m6": 182}


def chinese_workbook(path: Path) -> Path:
    """Write the Chinese unit's workbook to ``path`` (.xlsx) and return it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "随访"
    sheet.append(["2017-2021年 脊柱转移瘤手术患者随访表"])
    header = [
        "住院号",
        "姓名缩写",
        "性别",
        "年龄",
        "原发肿瘤",
        "KPS",
        "手术日期",
        "术式",
        "手术时长",
        "出血量",
        "骨水泥量",
        "并发症",
        "并发症分级",
        "生存状态",
        "死亡日期",
        "末次随访日期",
        "VAS术前",
        "VAS术后1周",
        "VAS术后3个月",
        "VAS术后6个月",
        "Barthel术前",
        "Barthel术后3个月",
        "备注",
    ]
    sheet.append(header)
    initials = ["ZL", "WJ", "LXM", "CH", "HY", "SQ", "TW", "MB", "GX", "YF"]
    for patient in _patients(12):
        number = int(patient["number"])
        surgery = patient["surgery"]
        death_day, last_day = patient["death_day"], patient["last_day"]
        sex = ["男", "女", "M", "F"][number % 4]
        age: object = f"{patient['age']}岁" if number % 2 else patient["age"]
        surgery_cell: object = (
            surgery.strftime("%Y.%m.%d") if number == 4 else dt.datetime.combine(surgery, dt.time())
        )
        complication = _COMPLICATIONS_ZH[number % len(_COMPLICATIONS_ZH)]
        vas = patient["vas"]
        barthel = patient["barthel"]
        last_contact: object = (
            None
            if patient["dead"]
            else dt.datetime.combine(surgery + dt.timedelta(days=last_day), dt.time())
        )
        if number == 7:
            last_contact = None  # alive, no follow-up recorded: must be named
        row = [
            f"ZY{2017000 + number * 37}",
            f"{initials[number % len(initials)]}{number}",
            sex,
            age,
            _TUMOURS_ZH[number % len(_TUMOURS_ZH)],
            patient["kps"],
            surgery_cell,
            ["PPSF+PVP", "PVP", "PKP"][number % 3],
            patient["minutes"],
            patient["blood"],
            patient["cement"],
            complication,
            _GRADES.get(complication),
            "死亡" if patient["dead"] else "存活",
            dt.datetime.combine(surgery + dt.timedelta(days=int(death_day)), dt.time())
            if patient["dead"]
            else None,
            last_contact,
            *(
                vas[visit] if _visit_open(patient, _TARGETS[visit]) else None
                for visit in ("preop", "d7", "m3", "m6")
            ),
            barthel["preop"],
            barthel["m3"] if _visit_open(patient, 91) else None,
            "术后放疗" if number % 5 == 0 else None,
        ]
        sheet.append(row)
    sheet.append([])
    sheet.append(["注：VAS为0-10分；Barthel指数0-100分。"])  # noqa: RUF001
    book.save(path)
    return path


def european_csv(path: Path) -> Path:
    """Write the European unit's CSV to ``path`` and return it."""
    header = [
        "Patient ID",
        "Sex",
        "Age",
        "Primary tumour",
        "Date of surgery",
        "Status",
        "Date of death",
        "Last follow-up",
        "VAS pre-op",
        "VAS 3 months",
        "VAS 6 months",
        "Barthel pre-op",
        "Barthel 3 months",
        "Procedure",
        "Cement volume",
    ]
    lines = [";".join(header)]
    for patient in _patients(34):
        number = int(patient["number"])
        surgery = patient["surgery"]
        vas, barthel = patient["vas"], patient["barthel"]
        last_day = patient["last_day"]

        def day(offset: int, surgery: dt.date = surgery) -> str:
            return (surgery + dt.timedelta(days=offset)).strftime("%d/%m/%Y")

        cells = [
            f"EU-{number + 1:03d}",
            "M" if patient["male"] else "F",
            str(patient["age"]),
            _TUMOURS_EU[number % len(_TUMOURS_EU)],
            surgery.strftime("%d/%m/%Y"),
            "deceased" if patient["dead"] else "alive",
            day(int(patient["death_day"])) if patient["dead"] else "",
            "" if patient["dead"] else day(last_day),
            str(int(vas["preop"] * 10)),
            str(int(vas["m3"] * 10)) if _visit_open(patient, 91) else "",
            str(int(vas["m6"] * 10)) if _visit_open(patient, 182) else "",
            str(barthel["preop"]),
            str(barthel["m3"]) if _visit_open(patient, 91) else "",
            ["PVP", "PKP"][number % 2],
            f"{patient['cement']}".replace(".", ","),
        ]
        lines.append(";".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
