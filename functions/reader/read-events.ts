// placeholder: the streaming reader is being written (see the doc comment of readEvents for the contract)
