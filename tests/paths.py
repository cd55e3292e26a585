from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_9d9d39aff084602a.txt"
SAMPLE = ROOT / "samples" / "guangzhou-hrss-2025"
