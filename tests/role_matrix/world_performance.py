"""What the performance cases need in the matrix world."""


def build(world) -> None:
    return None
