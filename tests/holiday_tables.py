"""An official 2027 holiday schedule for tests (a stand-in: the State Council had not published one).

4 January is a holiday too, so a due date counted provisionally into early January moves when it is imported.
"""

OFFICIAL_2027 = """year = 2027
source = "国务院办公厅关于2027年部分节假日安排的通知（测试）"

[[festival]]
name = "元旦"
holidays = [2027-01-01, 2027-01-02, 2027-01-03, 2027-01-04]
"""
