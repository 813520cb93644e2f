def status_class(code: int) -> str:
    if type(code) is not int:
        raise TypeError(f"expected an int, got {type(code).__name__}")
    match code // 100:
        case 1 if code >= 100:
            return "informational"
        case 2:
            return "success"
        case 3:
            return "redirection"
        case 4:
            return "client error"
        case 5:
            return "server error"
    raise ValueError(f"{code} is not a status code")
