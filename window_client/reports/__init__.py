"""Reports a manager takes away from the efficiency board (效能看板): the figures
as an Excel workbook (board_xlsx) and as a monthly PDF report (board_pdf). No Qt:
both take the plain BoardFigures, the filter and the one-things' names; what
either shows is laid out once, in board_rows."""
