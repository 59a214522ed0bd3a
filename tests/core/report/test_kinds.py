"""Kind files: every shipped kind loads, and a wrong kind file fails with a clear message."""

from pathlib import Path

import pytest

from desktop_app.report.kinds import Kind, KindError, kind_ids, load_kind, load_kind_file

MINIMAL = """
id = "{id}"
version = "1"
title = "Thử"
ten_loai = "BÁO CÁO"
ma_loai = "BC"
periods = ["quy"]
trich_yeu = "Thử {{{{ ky }}}}"
[[sections]]
id = "muc_a"
heading = "Mục A"
level = 1
[[sections.fields]]
id = "so_a"
label = "Số A"
type = "integer"
[[sections.fields]]
id = "so_b"
label = "Số B"
type = "integer"
"""


def write_kind(tmp_path: Path, extra: str = "", kind_id: str = "thu") -> Path:
    path = tmp_path / f"{kind_id}.toml"
    path.write_text(MINIMAL.format(id=kind_id) + extra, encoding="utf-8")
    return path


def test_the_three_required_kinds_ship() -> None:
    assert {"bao_cao_kstthc", "bao_cao_thang_cctthc", "ke_hoach_kstthc"} <= set(kind_ids())


@pytest.mark.parametrize("kind_id", kind_ids())
def test_every_kind_loads_with_unique_ids(kind_id: str) -> None:
    kind = load_kind(kind_id)
    ids = [s.id for s in kind.sections] + [f.id for f in kind.fields()]
    assert len(ids) == len(set(ids))
    assert all(f.label and f.help is not None for f in kind.fields())


def test_minimal_kind_loads(tmp_path: Path) -> None:
    kind = load_kind_file(write_kind(tmp_path))
    assert [f.id for f in kind.fields()] == ["so_a", "so_b"]
    assert kind.field("so_a").prefill.mode == "reset"


SECTION_B = '[[sections]]\nid = "muc_b"\nheading = "B"\n'
FIELD = "[[sections.fields]]\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[[rules]]\nid = "r"\ncheck = "so_a <= so_c"\nmessage = "x"\n', "so_c"),
        ('[[rules]]\nid = "r"\ncheck = "so_a <= "\nmessage = "x"\n', "viết sai"),
        ('[[rules]]\nid = "r"\ncheck = "so_a.real"\nmessage = "x"\n', "thuộc tính"),
        ('[[rules]]\nid = "r"\ncheck = "so_a < 1"\nmessage = "{{ so_z }}"\n', "so_z"),
        (
            SECTION_B + FIELD + 'id = "so_a"\nlabel = "x"\ntype = "integer"\n',
            "dùng hai lần",
        ),
        (
            SECTION_B + FIELD + 'id = "x"\nlabel = "x"\ntype = "money"\n',
            "money",
        ),
        (
            SECTION_B + FIELD + 'id = "ky"\nlabel = "x"\ntype = "text"\n',
            "dành riêng",
        ),
        (
            SECTION_B + FIELD + 'id = "Tong"\nlabel = "x"\ntype = "text"\n',
            "chữ thường",
        ),
        (
            SECTION_B + FIELD + 'id = "t"\nlabel = "x"\ntype = "integer"\nparts = ["so_a", "khong_co"]\n',
            "khong_co",
        ),
        (
            SECTION_B + FIELD + 'id = "t"\nlabel = "x"\ntype = "integer"\nprefill = "from: khong_co"\n',
            "khong_co",
        ),
        (SECTION_B + 'show_if = "cap == "\n', "viết sai"),
        (
            SECTION_B + FIELD + 'id = "bang"\nlabel = "x"\ntype = "table"\n[[sections.fields.columns]]\n'
            'id = "han"\nlabel = "Hạn"\ntype = "date"\ndeadline = true\n',
            "deadline = true chỉ dành cho cột kiểu text",
        ),
    ],
)
def test_wrong_kind_file_names_the_problem(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(KindError, match=message):
        load_kind_file(write_kind(tmp_path, extra))


def test_a_column_of_deadlines_is_read_from_the_kind() -> None:
    columns = {c.id: c.deadline for c in load_kind("ke_hoach_kstthc").field("nhiem_vu").columns}
    assert columns["thoi_han"] and not any(v for k, v in columns.items() if k != "thoi_han")


def test_kind_id_must_match_file_name(tmp_path: Path) -> None:
    path = write_kind(tmp_path)
    path.rename(tmp_path / "khac.toml")
    with pytest.raises(KindError, match="trùng tên tệp"):
        load_kind_file(tmp_path / "khac.toml")


def test_broken_toml_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "hong.toml"
    path.write_text('id = "hong"\n[[sections]\n', encoding="utf-8")
    with pytest.raises(KindError, match=r"hong\.toml"):
        load_kind_file(path)


def test_unknown_kind_lists_the_known_ones() -> None:
    with pytest.raises(KindError, match=r"bao_cao_kstthc"):
        load_kind("khong_co_loai_nay")


def test_cyclic_totals_are_refused(tmp_path: Path) -> None:
    extra = (
        '[[sections]]\nid = "muc_b"\nheading = "B"\n'
        '[[sections.fields]]\nid = "t1"\nlabel = "x"\ntype = "integer"\nparts = ["t2"]\n'
        '[[sections.fields]]\nid = "t2"\nlabel = "y"\ntype = "integer"\nparts = ["t1"]\n'
    )
    with pytest.raises(KindError, match="vòng tròn"):
        load_kind_file(write_kind(tmp_path, extra))


def test_warn_above_is_read_for_number_fields(tmp_path: Path) -> None:
    extra = SECTION_B + FIELD + 'id = "t"\nlabel = "x"\ntype = "integer"\nwarn_above = 500_000\n'
    kind = load_kind_file(write_kind(tmp_path, extra))
    assert kind.field("t").warn_above == 500_000
    assert kind.field("so_a").warn_above is None


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ('type = "text"\nwarn_above = 5\n', "chỉ dùng cho trường số"),
        ('type = "integer"\nwarn_above = -5\n', "số dương"),
        ('type = "integer"\nwarn_above = 0\n', "số dương"),
        ('type = "integer"\nwarn_above = true\n', "số dương"),
        ('type = "integer"\nwarn_above = "100"\n', "số dương"),
        ('type = "decimal"\nwarn_above = nan\n', "số dương"),
        ('type = "decimal"\nwarn_above = inf\n', "số dương"),
        ('type = "integer"\nmax = 100\nwarn_above = 100\n', "nhỏ hơn max"),
    ],
)
def test_a_wrong_warn_above_is_refused(tmp_path: Path, field: str, message: str) -> None:
    extra = SECTION_B + FIELD + 'id = "t"\nlabel = "x"\n' + field
    with pytest.raises(KindError, match=message):
        load_kind_file(write_kind(tmp_path, extra))


@pytest.mark.parametrize("kind_id", ["bao_cao_kstthc", "bao_cao_thang_cctthc"])
def test_the_count_fields_of_the_shipped_kinds_have_a_plausible_bound(kind_id: str) -> None:
    kind = load_kind(kind_id)
    counts = [f for f in kind.fields() if f.type == "integer" and not f.computed]
    bounded = [f for f in counts if f.warn_above is not None]
    assert {f.id for f in counts if f.id.startswith(("hs_", "pakn_", "tthc_"))} <= {f.id for f in bounded}
    assert all(f.warn_above and f.warn_above < 15_500_000 for f in bounded)


def test_a_kinds_title_is_read_without_building_it() -> None:
    from desktop_app.report.kinds import kind_title

    for kind_id in kind_ids():
        assert kind_title(kind_id) == load_kind(kind_id).title


def test_a_title_spread_over_lines_falls_back_to_the_whole_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.report import kinds

    text = MINIMAL.format(id="nhieu_dong").replace('title = "Thử"', 'title = """Thử\nhai dòng"""')
    (tmp_path / "nhieu_dong.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(kinds, "kinds_dir", lambda: tmp_path)
    kinds.kind_title.cache_clear()
    kinds.load_kind.cache_clear()
    try:
        assert kinds.kind_title("nhieu_dong") == "Thử\nhai dòng"
        with pytest.raises(KindError):
            kinds.kind_title("khong_co")
    finally:
        kinds.kind_title.cache_clear()
        kinds.load_kind.cache_clear()


def test_lint_knows_every_key_the_kind_loader_reads() -> None:
    """A key added to the loader and forgotten in lint makes every package using it «khóa lạ»."""
    import re

    from desktop_app.report import kind_lint, kinds

    source = Path(kinds.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r'data\.get\("([a-z_]+)"|_req\(data, "([a-z_]+)"|"([a-z_]+)" in data', source))
    keys = {k for match in read for k in match if k}
    known = set().union(
        *(
            getattr(kind_lint, name)
            for name in ("KIND_KEYS", "SECTION_KEYS", "FIELD_KEYS", "COLUMN_KEYS", "CHOICE_KEYS", "RULE_KEYS")
        )
    )
    assert keys and keys - known == set()


def test_what_is_read_from_a_kind_is_kept_with_that_kind_only() -> None:
    from dataclasses import replace

    from desktop_app.report.kinds import per_kind

    calls: list[str] = []

    @per_kind
    def labels(kind: Kind) -> tuple[str, ...]:
        calls.append(kind.title)
        return tuple(f.label for f in kind.fields())

    kind = load_kind("bao_cao_kstthc")
    first = labels(kind)
    assert labels(kind) is first and len(calls) == 1  # read once for 500 reports of one kind
    other = replace(kind, title="Một phiên bản khác", sections=kind.sections[:1])
    assert labels(other) == tuple(f.label for f in kind.sections[0].fields)  # its own fields
    assert calls == [kind.title, "Một phiên bản khác"]
    assert labels(kind) is first
