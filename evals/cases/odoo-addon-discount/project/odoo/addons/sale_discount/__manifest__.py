{'name': 'Sale Discount', 'version': '17.0.1.0.0', 'depends': ['sale'], 'license': 'LGPL-3'}
